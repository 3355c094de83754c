import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PrismaClient } from '../prisma/generated/client';
import { DATABASE, PRISMA } from '../database/prisma.token';
import type { DatabaseConnection } from '../database/database-connection';
import { MetricsService } from './metrics.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { ReadinessService } from './readiness.service';
import { MllpServer } from '../mllp/mllp.server';
import { RulesService } from '../rules/rules.service';
import { readBuildInfo, type BuildInfo } from './build-info';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { schemaStatus } from './schema-status';

@Controller()
export class HealthController {
  private readonly build: BuildInfo;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: DatabaseConnection,
    private readonly metrics: MetricsService,
    private readonly realtime: RealtimeGateway,
    private readonly readiness: ReadinessService,
    @Inject(ENV) env: Env,
    mllp: MllpServer,
    rules: RulesService,
  ) {
    this.build = readBuildInfo(env.VIGIL_COMMIT);
    metrics.setProbes({
      socketClients: () => realtime.connectedClients(),
      mllpConnections: () => mllp.connections(),
      rulesQueuedEvents: () => rules.queuedEvents(),
      databasePool: () => db.poolStats(),
    });
    db.onQuery((sql, ms) => metrics.recordQuery(sql, ms));
  }

  /**
   * Liveness only: the process runs and its event loop answers. No database query: an unreachable or
   * slow database must not get a healthy process restarted by its supervisor; `GET /ready` says
   * whether it can serve (database, migrations, rules).
   */
  @Get('health')
  health() {
    return { status: 'ok', database: this.db.kind };
  }

  /**
   * Readiness: 200 once the database answers, every migration this build ships is
   * applied and the rules are rebuilt; else 503 with what is missing.
   */
  @Get('ready')
  async ready(@Res() res: Response) {
    const status = this.readiness.status();
    if (!status.ready) return res.status(503).json({ status: 'starting', ...status });
    try {
      const schema = await schemaStatus(this.prisma);
      if (schema.pendingMigrations.length > 0) return res.status(503).json({ status: 'migrations pending', database: this.db.kind, ...schema, ...status, ready: false });
      res.status(200).json({ status: 'ready', database: this.db.kind, ...status });
    } catch (e) {
      res.status(503).json({ status: 'degraded', database: this.db.kind, error: (e as Error).message, ...status, ready: false });
    }
  }

  /** What is running: version, source commit, database schema version (no authentication: nothing secret). */
  @Get('version')
  async version() {
    const schema = await schemaStatus(this.prisma).catch(() => ({ schemaVersion: null, pendingMigrations: [] }));
    return { name: 'vigil', ...this.build, schemaVersion: schema.schemaVersion, node: process.version };
  }

  /** Prometheus text exposition (no authentication, like /health: counts and timings, no patient data). */
  @Get('metrics')
  async metricsText(@Res() res: Response) {
    res.status(200).type(this.metrics.contentType).send(await this.metrics.render());
  }
}
