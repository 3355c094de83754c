/** A failed API call: the HTTP status and the server's stable error code (DESIGN.md, "Errors carry a stable code"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The bad fields, each with its dotted path, when the server named them (400 REQUEST.INVALID_BODY). */
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
