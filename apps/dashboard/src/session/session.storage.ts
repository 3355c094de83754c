import type { LoginResponse } from '@vigil/contracts';

const KEY = 'vigil.session';

/** The session lives in sessionStorage: a reload keeps it, closing the tab ends it. */
export function loadSession(storage: Storage | undefined = globalThis.sessionStorage): LoginResponse | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as LoginResponse;
    return typeof s?.token === 'string' && s.user && Array.isArray(s.user.wardIds) ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session: LoginResponse | null, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    if (session) storage?.setItem(KEY, JSON.stringify(session));
    else storage?.removeItem(KEY);
  } catch {
    /* private mode: the session just does not survive a reload */
  }
}
