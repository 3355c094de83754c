import type { ErrorCode } from '@vigil/contracts';

/** An error with a stable code; ApiExceptionFilter turns it into `{ code, message, errors? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: { path: string; message: string }[],
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}
