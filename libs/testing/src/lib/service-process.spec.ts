import { startService } from './service-process';

describe('startService', () => {
  it('starts the real service on a fresh embedded database and stops it', async () => {
    const service = await startService({ LOG_LEVEL: 'warn' });
    try {
      const health = await fetch(`${service.url}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    } finally {
      await service.stop();
    }
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
  }, 120_000);
});
