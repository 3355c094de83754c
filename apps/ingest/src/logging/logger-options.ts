import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Env } from '../config/env.schema';
import { requestIdFrom } from './request-context';

const LEVELS = { silent: 'silent', error: 'error', warn: 'warn', log: 'info', debug: 'debug' } as const;

/** The route pattern an access-log line names (`/api/patients/:id`): never the raw URL, which can hold a patient id. */
function routeOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  return typeof r.route?.path === 'string' ? (r.baseUrl ?? '') + r.route.path : '(unmatched)';
}

/**
 * Logging with pino (nestjs-pino): one JSON object per line, pretty only on a terminal (no ANSI codes
 * in files); LOG_LEVEL silent|error|warn|log|debug; a request id on every HTTP request (X-Request-Id when the
 * client or proxy sends a sane one, else a UUID; echoed in the response) carried by every line logged
 * while serving it; one access-log line per request with method, route pattern, status and duration.
 * Headers, URLs and bodies are not logged: they carry tokens, keys and patient identifiers.
 */
export function loggerOptions(env: Env, tty = Boolean(process.stdout.isTTY)): Params {
  return {
    pinoHttp: {
      level: LEVELS[env.LOG_LEVEL],
      transport: tty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res' } } : undefined,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        // create-app's request context may have chosen it already (the same id in the logs and the rules queue).
        const id = typeof req.id === 'string' ? req.id : requestIdFrom(req.headers['x-request-id']);
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        // Socket and MLLP messages bind { req: { id }, channel } (request-context.ts); an undefined method is not written.
        req: (req: { id: unknown; method?: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessObject: (req: IncomingMessage, _res: ServerResponse, value: Record<string, unknown>) => ({ ...value, route: routeOf(req) }),
      customErrorObject: (req: IncomingMessage, _res: ServerResponse, _error: Error, value: Record<string, unknown>) => ({ ...value, route: routeOf(req) }),
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      // Probes and scrapes every few seconds would drown the log.
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|ready|metrics)(\?|$)/.test(req.url ?? '') },
    },
  };
}
