import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type FetchLike } from './api.client';
import { ApiError } from './api.error';

const respond = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('ApiClient', () => {
  it('sends the bearer token and builds query strings', async () => {
    const fetch = vi.fn<FetchLike>(async () => respond(200, []));
    await new ApiClient({ token: 'tok', fetch }).alerts({ wardId: 'W 1', state: ['active', 'pending'] });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/alerts?wardId=W+1&state=active%2Cpending');
    expect((init?.headers as Record<string, string>)['Authorization']).toBe('Bearer tok');
  });

  it('posts the acknowledgement with note and disposition', async () => {
    const fetch = vi.fn<FetchLike>(async () => respond(200, { id: 'A' }));
    await new ApiClient({ token: 't', fetch, baseUrl: 'http://h' }).acknowledge('P-1:hypotension:x', ' fluids running ', 'fluids-given');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://h/api/alerts/P-1%3Ahypotension%3Ax/acknowledge');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ note: 'fluids running', disposition: 'fluids-given' });
  });

  it('turns an error body into an ApiError with the stable code', async () => {
    const fetch = vi.fn<FetchLike>(async () => respond(409, { code: 'ALERT.ALREADY_ACKNOWLEDGED', message: 'already acknowledged by physician' }));
    const err = await new ApiClient({ token: 't', fetch }).acknowledge('A', '', 'other').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'ALERT.ALREADY_ACKNOWLEDGED' });
  });

  it('reports a 401 so the app can end the session, but not for the login itself', async () => {
    const onUnauthorized = vi.fn();
    const fetch = vi.fn<FetchLike>(async () => respond(401, { code: 'AUTH.REQUIRED', message: 'no' }));
    const api = new ApiClient({ token: 't', fetch, onUnauthorized });
    await expect(api.wards()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.login('x', 'y')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect((fetch.mock.calls[1][1]?.headers as Record<string, string>)['Authorization']).toBeUndefined();
  });

  it('maps a network failure to status 0', async () => {
    const fetch = vi.fn<FetchLike>(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(new ApiClient({ fetch }).wards()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
