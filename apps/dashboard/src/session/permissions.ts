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

/** Nurses and physicians of the ward silence an alert (the server checks the ward). */
export function canSilence(user: SessionUser | null | undefined): Permission {
  if (user?.role === 'physician' || user?.role === 'nurse') return { allowed: true, reason: null };
  return { allowed: false, reason: 'Only the ward’s nurses and physicians can silence an alert.' };
}

/** Shelving takes an alert out of the queue: physicians only. */
export function canShelve(user: SessionUser | null | undefined): Permission {
  if (user?.role === 'physician') return { allowed: true, reason: null };
  return { allowed: false, reason: 'Only a physician can shelve an alert.' };
}
