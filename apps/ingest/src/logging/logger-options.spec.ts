import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { parseEnv } from '../config/env.schema';
import { loggerOptions } from './logger-options';

const http = (env: Record<string, string> = {}, tty = false) => loggerOptions(parseEnv(env), tty).pinoHttp as Options;
const res = () => {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (k: string, v: string) => (headers[k] = v), statusCode: 200 } as unknown as ServerResponse & { headers: Record<string, string> };
};

describe('logger options', () => {
  it('maps LOG_LEVEL to pino levels and pretty-prints only on a terminal', () => {
    expect(http({ LOG_LEVEL: 'log' }).level).toBe('info');
    expect(http({ LOG_LEVEL: 'debug' }).level).toBe('debug');
    expect(http({ LOG_LEVEL: 'warn' }).level).toBe('warn');
    expect(http({ LOG_LEVEL: 'silent' }).level).toBe('silent');
    expect(http({}, false).transport).toBeUndefined();
    expect(http({}, true).transport).toMatchObject({ target: 'pino-pretty' });
  });

  it('keeps a sane X-Request-Id, replaces anything else with a UUID, and echoes it', () => {
    const gen = http().genReqId!;
    const r1 = res();
    expect(gen({ headers: { 'x-request-id': 'lb-42:abc' } } as unknown as IncomingMessage, r1)).toBe('lb-42:abc');
    expect(r1.headers['x-request-id']).toBe('lb-42:abc');
    for (const bad of ['has space', 'x'.repeat(101), 'line\nbreak', undefined]) {
      const r = res();
      const id = gen({ headers: bad === undefined ? {} : { 'x-request-id': bad } } as unknown as IncomingMessage, r);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['x-request-id']).toBe(id);
    }
  });

  it('names the route pattern in the access line, never the URL', () => {
    const o = http();
    const req = { method: 'GET', url: '/api/patients/P-7', route: { path: '/api/patients/:id' }, baseUrl: '' } as unknown as IncomingMessage;
    expect(o.customSuccessMessage!(req, { statusCode: 200 } as ServerResponse, 3)).toBe('GET /api/patients/:id 200');
    expect(o.customSuccessObject!(req, { statusCode: 200 } as ServerResponse, { responseTime: 3 })).toEqual({ responseTime: 3, route: '/api/patients/:id' });
    expect(o.customSuccessMessage!({ method: 'GET', url: '/x/P-7' } as IncomingMessage, { statusCode: 404 } as ServerResponse, 1)).toBe('GET (unmatched) 404');
    expect(JSON.stringify(o.serializers!['req']!({ id: 'r', method: 'GET', url: '/api/patients/P-7', headers: { authorization: 'Bearer t' } }))).not.toMatch(/P-7|Bearer/);
  });
});
