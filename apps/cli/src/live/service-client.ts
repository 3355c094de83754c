/** Small HTTP helpers for talking to a running Vigil service (Node 20 fetch). */

export class ServiceError extends Error {}

/** Normalises a target URL (`localhost:3000` → `http://localhost:3000`, no trailing slash). */
export function baseUrl(target: string): string {
  const t = /^https?:\/\//.test(target) ? target : `http://${target}`;
  return t.replace(/\/+$/, '');
}

/** POST /api/auth/login → token; says what to do when the service is down or the login is refused. */
export async function login(target: string, username: string, password: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl(target)}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  } catch (e) {
    throw new ServiceError(`cannot reach ${baseUrl(target)} (${(e as Error).cause ?? (e as Error).message}); start the service (npm start) or pass --target URL`);
  }
  if (!res.ok) throw new ServiceError(`login as ${username} refused (${res.status}): pass --username/--password of an admin (demo: admin / vigil-demo)`);
  return ((await res.json()) as { token: string }).token;
}

export interface IngestReply {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; errors: Array<{ path: string; message: string }> }>;
}

/** POST /api/events with an NDJSON body; throws with the service's message unless it answered 202. */
export async function postEvents(target: string, apiKey: string, ndjson: string): Promise<IngestReply> {
  const res = await fetch(`${baseUrl(target)}/api/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-api-key': apiKey }, body: ndjson });
  if (res.status === 202) return (await res.json()) as IngestReply;
  const text = await res.text();
  if (res.status === 401 || res.status === 403) throw new ServiceError(`the service refused the device key (${res.status}): pass --api-key (demo: demo-device-key)`);
  throw new ServiceError(`POST /api/events answered ${res.status}: ${text.slice(0, 500)}`);
}
