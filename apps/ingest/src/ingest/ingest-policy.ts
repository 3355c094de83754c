import { ErrorCodes, type ClinicalEvent, type FieldError } from '@vigil/contracts';
import type { Sender } from '../auth/sender';

/** Admissions, transfers and discharges move patients between wards: only ADT sources and admins. */
export const adtTypes: ReadonlySet<string> = new Set(['admit', 'transfer', 'discharge']);
/** Clinician actions have their own authenticated routes (role and ward checked, audited). */
export const clinicianActionTypes: ReadonlySet<string> = new Set(['acknowledge', 'thresholds']);

const actionRoute: Record<string, string> = {
  acknowledge: 'POST /api/alerts/:id/acknowledge as a signed-in physician',
  thresholds: 'POST /api/wards/:id/thresholds or /api/patients/:id/thresholds as a signed-in physician',
};

export function hasAdtScope(sender: Sender): boolean {
  switch (sender.kind) {
    case 'key':
      return sender.scopes.includes('adt') || sender.scopes.includes('replay');
    case 'user':
      return sender.user.role === 'admin';
    case 'mllp':
      return sender.adt;
    case 'system':
      return true;
  }
}

/**
 * Which event types a sender may put in the log through an ingest route (REST, FHIR, MLLP). Devices
 * send clinical observations; ADT needs the `adt` scope; acknowledgements and threshold changes are
 * refused (a key with the `replay` scope, granted by an admin for test systems, may replay recorded ones).
 */
export function refusedType(sender: Sender, event: ClinicalEvent): FieldError | null {
  if (clinicianActionTypes.has(event.type)) {
    if (sender.kind === 'key' && sender.scopes.includes('replay')) return null;
    return { path: 'type', code: ErrorCodes.EventClinicianAction, message: `${event.type} is a clinician action and is not accepted here: use ${actionRoute[event.type]}` };
  }
  if (adtTypes.has(event.type) && !hasAdtScope(sender)) {
    const who = sender.kind === 'user' ? 'only an admin (or an ADT interface key)' : 'only a source with the adt scope';
    return { path: 'type', code: ErrorCodes.EventAdtForbidden, message: `${event.type} moves a patient between wards: ${who} may send it` };
  }
  return null;
}
