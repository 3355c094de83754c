/** Stable error codes: the only strings clients should branch on. */
export const ErrorCodes = {
  EventInvalid: 'EVENT.INVALID',
  EventBatchTooLarge: 'EVENT.BATCH_TOO_LARGE',
  /** An event's time (or collection start, specimen time) is later than now plus the tolerance (VIGIL_FUTURE_TOLERANCE_S). */
  EventFutureTime: 'EVENT.FUTURE_TIME',
  BodyInvalid: 'REQUEST.INVALID_BODY',
  AlertNotFound: 'ALERT.NOT_FOUND',
  AlertAlreadyAcknowledged: 'ALERT.ALREADY_ACKNOWLEDGED',
  AlertResolved: 'ALERT.RESOLVED',
  PatientNotFound: 'PATIENT.NOT_FOUND',
  AuthRequired: 'AUTH.REQUIRED',
  AuthInvalid: 'AUTH.INVALID_CREDENTIALS',
  AuthForbidden: 'AUTH.FORBIDDEN',
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
