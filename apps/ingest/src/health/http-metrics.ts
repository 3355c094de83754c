import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/**
 * Times every HTTP request into vigil_http_request_duration_seconds. The route label is the matched
 * pattern (`/api/patients/:id`), never the raw path, so the series stay few and carry no identifiers;
 * requests no route matched are `(static)` when served, else `(unmatched)`.
 */
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? req.baseUrl + pattern : res.statusCode < 400 ? '(static)' : '(unmatched)';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
