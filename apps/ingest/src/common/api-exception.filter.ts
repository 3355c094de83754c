import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCodes, type ApiErrorBody } from '@vigil/contracts';
import { ApiError } from './api-error';
import { isDatabaseUnavailable } from './database-unavailable';

/** The one place errors become HTTP responses: a stable code, a message, never a stack trace. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      const body: ApiErrorBody & Record<string, unknown> = { ...(exception.body ?? {}), code: exception.code, message: exception.message };
      if (exception.errors) body.errors = exception.errors;
      res.status(exception.status).json(body);
      return;
    }
    const bodyParserError = exception as { type?: string; status?: number; message?: string };
    if (bodyParserError?.type === 'entity.too.large') {
      res.status(413).json({ code: ErrorCodes.EventBatchTooLarge, message: 'request body is over the size limit (INGEST_MAX_BODY_BYTES); send smaller batches' });
      return;
    }
    if (bodyParserError?.type === 'entity.parse.failed') {
      res.status(400).json({ code: ErrorCodes.BodyInvalid, message: `body is not valid JSON: ${bodyParserError.message}` });
      return;
    }
    // Other body-reading failures (unsupported charset or encoding, aborted request): the client's fault.
    if (typeof bodyParserError?.type === 'string' && typeof bodyParserError.status === 'number' && bodyParserError.status >= 400 && bodyParserError.status < 500) {
      res.status(bodyParserError.status).json({ code: ErrorCodes.BodyInvalid, message: `the request body could not be read: ${bodyParserError.message}` });
      return;
    }
    if (exception instanceof URIError) {
      res.status(400).json({ code: ErrorCodes.BodyInvalid, message: 'the URL is not validly percent-encoded' });
      return;
    }
    if (isUnstorableText(exception)) {
      res.status(400).json({ code: ErrorCodes.BodyInvalid, message: 'the request holds text the database cannot take (a NUL character or an unpaired surrogate)' });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message?.split('\n').pop()}`);
      res.status(503).json({ code: ErrorCodes.StoreUnavailable, message: 'the database is unavailable; nothing was stored; retry shortly' });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      res.status(status).json({ code: status === 404 ? 'ROUTE.NOT_FOUND' : `HTTP.${status}`, message: exception.message });
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(500).json({ code: ErrorCodes.Internal, message: 'internal error; the server log has details' });
  }
}

/** PostgreSQL refusing a NUL or an invalid Unicode sequence in a parameter: the client's input, not our fault. */
function isUnstorableText(error: unknown): boolean {
  const message = String((error as { message?: unknown })?.message ?? '');
  return /22021|22P05|invalid byte sequence for encoding|unsupported Unicode escape sequence|invalid message format/i.test(message);
}
