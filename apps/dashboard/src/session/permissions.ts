import type { SessionUser } from '@vigil/contracts';

export interface Permission {
  allowed: boolean;
  /** Shown next to a disabled control. */
  reason: string | null;
}

/** Only physicians acknowledge (the server answers 403 AUTH.FORBIDDEN to anyone else). */
export function canAcknowledge(user: SessionUser | null | undefined): Permission {
  if (user?.role === 'physician') return { allowed: true, reason: null };
  return { allowed: false, reason: `Only a physician can acknowledge${user ? ` (you are signed in as ${user.role})` : ''}.` };
}
