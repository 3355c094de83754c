import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './common/repo-root';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { AppModule } from './app.module';
import type { Env } from './config/env.schema';
import { securityHeaders } from './common/security-headers';
import { trustProxy, trustedProxies } from './common/client-address';
import { LiveIoAdapter } from './realtime/live-io.adapter';
import { SecurityAuditService } from './auth/security-audit.service';
import { refuseUnstorableQuery } from './common/refuse-unstorable-query';
import { authenticateBeforeBody } from './ingest/authenticate-before-body';
import { TokenService } from './auth/token.service';
import { ApiKeysService } from './auth/api-keys.service';
import { ErrorCodes } from '@vigil/contracts';
import { ReadinessService } from './health/readiness.service';
import { MllpServer } from './mllp/mllp.server';
import { RulesService } from './rules/rules.service';
import { MetricsService } from './health/metrics.service';
import { drainAndClose } from './drain-and-close';
import { requestIdFrom, withRequestId } from './logging/request-context';
import { httpMetrics } from './health/http-metrics';
import { serveOpenApi } from './health/openapi';
import { readBuildInfo } from './health/build-info';
import { connectRedisFanOut } from './realtime/redis-fan-out';

export interface RunningApp {
  app: NestExpressApplication;
  url: string;
  /** Resolves when the rules are rebuilt and every listener accepts work. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  /** Return only once ready (default; tests). main.ts returns at once so `/health` and `/ready` answer during start-up. */
  waitForReady?: boolean;
}

/** Builds and starts the whole service (API, socket.io, dashboard) on one port. Used by main.ts and the tests. */
export async function createApp(env: Env, options: CreateAppOptions = {}): Promise<RunningApp> {
  // Several nodes: socket broadcasts fan out through Redis (closed after the app, whose sockets use it).
  const fanOut = env.REDIS_URL ? await connectRedisFanOut(env.REDIS_URL) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forEnv(env), {
    bodyParser: false,
    // Start-up lines wait for pino (below), so every line is in one format.
    bufferLogs: true,
    // A failure while building the app (or in a later call through the app, e.g. app.get) is thrown
    // to the caller, not turned into process.exit(1) by Nest's default: main.ts reports and exits, and
    // an app started in a test process never ends that process (a jest worker would die, hiding why).
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // No enableShutdownHooks: main.ts turns SIGTERM/SIGINT into close(), which drains in order (below).
  app.disable('x-powered-by');
  // The client's address and scheme (X-Forwarded-* only from TRUST_PROXY), before anything reads them.
  const proxies = trustedProxies(env.TRUST_PROXY);
  app.use(trustProxy(proxies));
  app.use(httpMetrics(app.get(MetricsService)));
  app.use(securityHeaders);
  app.use(refuseUnstorableQuery);
  app.useWebSocketAdapter(new LiveIoAdapter(app, env.LIVE_ALLOWED_ORIGINS, proxies, app.get(SecurityAuditService), fanOut));
  // Ingest routes parse their own bodies (JSON, array or NDJSON) under the configured size limit.
  const raw = express.text({ type: () => true, limit: env.INGEST_MAX_BODY_BYTES });
  app.use(['/api/events', '/fhir'], authenticateBeforeBody(app.get(TokenService), app.get(ApiKeysService)));
  app.use(['/api/events', '/fhir'], (req: express.Request, res: express.Response, next: express.NextFunction) => (req.method === 'POST' ? raw(req, res, next) : next()));
  // The API description is static: served during start-up too.
  serveOpenApi(app, readBuildInfo(env.VIGIL_COMMIT));
  // Until the rules are rebuilt, the API and ingest answer 503 (health, readiness and metrics stay up).
  const readiness = app.get(ReadinessService);
  app.use(['/api', '/fhir'], (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (readiness.ready) return next();
    res.status(503).setHeader('retry-after', '1');
    res.json({ code: ErrorCodes.ServiceStarting, message: `Vigil is starting (${readiness.phase}); retry shortly, GET /ready says when` });
  });
  // Logins, acknowledgements, thresholds, admin requests: small bodies.
  app.use(express.json({ limit: '256kb' }));
  // Each request's id (a sane X-Request-Id, else a UUID) is the context of its handling: its log lines
  // carry it, and the events it stores take it to the rules queue and onto the transitions they cause.
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const r = req as express.Request & { id?: unknown };
    const id = typeof r.id === 'string' ? r.id : requestIdFrom(req.headers['x-request-id']);
    r.id = id;
    res.setHeader('x-request-id', id);
    withRequestId(id, 'http', next);
  });
  const dashboard = resolve(repoRoot, env.DASHBOARD_DIR);
  if (env.DASHBOARD_DIR && existsSync(join(dashboard, 'index.html'))) {
    app.useStaticAssets(dashboard, { index: false });
    // The dashboard routes in the URL's hash, so its one page is `/`. Every other path that is not a
    // built file (unknown /api/*, /health*, /docs, a typo) gets the JSON 404, never the app shell:
    // a probe or a script must not read the dashboard's HTML as a 200.
    app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
      res.sendFile(join(dashboard, 'index.html'));
    });
  }
  await app.listen(env.PORT, env.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  // The rebuild starts once the port is open, so `/health` and `/ready` answer during it (and start-up
  // work such as seeding does not queue behind it).
  app.get(RulesService).start();
  const mllp = app.get(MllpServer);
  const ready = readiness.whenReady().then(() => mllp.listening);
  if (options.waitForReady !== false) await ready;
  return {
    app,
    url: `http://${host}:${address.port}`,
    ready,
    close: async () => {
      await drainAndClose(app);
      await fanOut?.close();
    },
  };
}
