import type { ServiceProcess } from '@vigil/testing';

/** Posts events with the demo device key; while the service is still rebuilding (503 SERVICE.STARTING) it waits and retries, up to 3 min. */
export async function postEvents(service: ServiceProcess, events: object[]) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await fetch(`${service.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(events) });
    if (res.status === 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${await res.text()}`);
    return;
  }
}

/** A REST call as a demo user (password vigil-demo). */
export async function asUser(service: ServiceProcess, username: string) {
  const login = await fetch(`${service.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'vigil-demo' }) });
  const { token } = (await login.json()) as { token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* text */
    }
    return { status: res.status, body: json as any, text };
  };
}
