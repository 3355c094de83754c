import type { NextFunction, Request, Response } from 'express';
import type { WithClientView } from './client-address';

/**
 * The headers helmet would set, without the dependency: a CSP the dashboard works with (its own
 * scripts, styles and socket only; React's style attributes need 'unsafe-inline' for styles), no
 * framing (clickjacking), no MIME sniffing, no referrer leaving the site, HSTS when served over TLS.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-DNS-Prefetch-Control', 'off');
  res.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
  // Over TLS, or X-Forwarded-Proto: https from a trusted proxy (anyone else's header is ignored).
  if ((req as WithClientView).vigilClient?.secure ?? req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}
