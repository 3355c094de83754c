import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../common/api-error';
import type { ApiKeysService } from '../auth/api-keys.service';
import type { TokenService } from '../auth/token.service';
import { authenticateIngest } from '../auth/ingest-auth.guard';

/**
 * Ingest bodies may be megabytes: the sender is authenticated from the headers first, and an
 * unknown one is answered 401 without reading the body (the connection is then closed).
 */
export function authenticateBeforeBody(tokens: TokenService, keys: ApiKeysService) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    authenticateIngest(req, tokens, keys).then(
      () => next(),
      (e: unknown) => {
        if (!(e instanceof ApiError)) return next(e);
        res.setHeader('Connection', 'close');
        res.status(e.status).json({ code: e.code, message: e.message });
      },
    );
  };
}
