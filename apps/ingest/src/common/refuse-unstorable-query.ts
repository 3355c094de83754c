import type { NextFunction, Request, Response } from 'express';
import { ErrorCodes, isStorableText } from '@vigil/contracts';

/** A query string or path with a NUL or an unpaired surrogate is refused before any route sees it (400, never a database error). */
export function refuseUnstorableQuery(req: Request, res: Response, next: NextFunction) {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.url.replace(/\+/g, ' '));
  } catch {
    res.status(400).json({ code: ErrorCodes.BodyInvalid, message: 'the URL is not validly percent-encoded' });
    return;
  }
  if (!isStorableText(decoded)) {
    res.status(400).json({ code: ErrorCodes.BodyInvalid, message: 'the URL holds a NUL character or an unpaired surrogate' });
    return;
  }
  next();
}
