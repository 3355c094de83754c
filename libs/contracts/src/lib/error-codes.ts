/** Stable error codes: the only strings clients should branch on. */
export const ErrorCodes = {
  EventInvalid: 'EVENT.INVALID',
  EventBatchTooLarge: 'EVENT.BATCH_TOO_LARGE',
  /** acknowledge / thresholds through an ingest route: clinician actions go through their own REST routes. */
  EventClinicianAction: 'EVENT.CLINICIAN_ACTION_FORBIDDEN',
  /** admit / transfer / discharge from a sender without the `adt` scope (or a non-admin user). */
  EventAdtForbidden: 'EVENT.ADT_FORBIDDEN',
  /** The database refused this one event (the others of the batch were stored). */
  EventRefusedByStore: 'EVENT.REFUSED_BY_STORE',
  /** A correction (an event with a stored id and new content) from a sender that may not correct it (§10). */
  EventCorrectionForbidden: 'EVENT.CORRECTION_FORBIDDEN',
  /** A correction that changes the patient, the type or the effective time: that is another event, with its own id. */
  EventCorrectionInvalid: 'EVENT.CORRECTION_INVALID',
  /** An event's time (or collection start, specimen time) is later than now plus the tolerance (VIGIL_FUTURE_TOLERANCE_S). */
  EventFutureTime: 'EVENT.FUTURE_TIME',
  BodyInvalid: 'REQUEST.INVALID_BODY',
  AlertNotFound: 'ALERT.NOT_FOUND',
  AlertAlreadyAcknowledged: 'ALERT.ALREADY_ACKNOWLEDGED',
  AlertResolved: 'ALERT.RESOLVED',
  /** No silence or shelve in force on this alert (nothing to lift). */
  AlertNotSilenced: 'ALERT.NOT_SILENCED',
  PatientNotFound: 'PATIENT.NOT_FOUND',
  AuthRequired: 'AUTH.REQUIRED',
  AuthInvalid: 'AUTH.INVALID_CREDENTIALS',
  AuthForbidden: 'AUTH.FORBIDDEN',
  /** Too many failed logins for this user or address: wait (Retry-After) and try again. */
  AuthLocked: 'AUTH.LOCKED',
  AuthDisabled: 'AUTH.DISABLED',
  WardForbidden: 'AUTH.WARD_FORBIDDEN',
  StoreUnavailable: 'STORE.UNAVAILABLE',
  /** The service is rebuilding rule state at start-up: retry shortly (GET /ready says when). */
  ServiceStarting: 'SERVICE.STARTING',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  errors?: { path: string; message: string }[];
}
