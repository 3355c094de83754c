import { ApiKeysService } from './api-keys.service';

describe('ApiKeysService', () => {
  it('remembers unknown keys in a bounded cache: a flood of random keys cannot grow memory', async () => {
    const prisma = { apiKey: { findUnique: jest.fn(async () => null) } };
    const keys = new ApiKeysService(prisma as never, { REVOCATION_CHECK_MS: 2_000 });
    for (let i = 0; i < 10_050; i++) expect(await keys.check(`random-${i}`)).toBeNull();
    expect(keys.cachedEntries()).toBeLessThanOrEqual(10_000);
    // A repeated unknown key is answered from the cache.
    const calls = prisma.apiKey.findUnique.mock.calls.length;
    await keys.check('random-10049');
    expect(prisma.apiKey.findUnique.mock.calls.length).toBe(calls);
  });

  it('refuses a revoked key and an absurdly long one without a lookup', async () => {
    const prisma = { apiKey: { findUnique: jest.fn(async () => ({ id: 'k', name: 'n', scopes: [], revokedAt: new Date() })) } };
    const keys = new ApiKeysService(prisma as never, { REVOCATION_CHECK_MS: 2_000 });
    expect(await keys.check('k-revoked')).toBeNull();
    expect(await keys.check('x'.repeat(10_000))).toBeNull();
    expect(prisma.apiKey.findUnique).toHaveBeenCalledTimes(1);
  });
});
