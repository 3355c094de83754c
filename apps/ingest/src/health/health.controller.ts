import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PrismaClient } from '../prisma/generated/client';
import { DATABASE, PRISMA } from '../database/prisma.token';
import type { DatabaseConnection } from '../database/database-connection';
import { MetricsService } from './metrics.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { ReadinessService } from './readiness.service';

@Controller()
export class HealthController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: DatabaseConnection,
    private readonly metrics: MetricsService,
    private readonly realtime: RealtimeGateway,
    private readonly readiness: ReadinessService,
  ) {}

  @Get('health')
  async health(@Res() res: Response) {
    try {
      await this.prisma.$queryRawUnsafe('SELECT 1');
      res.status(200).json({ status: 'ok', database: this.db.kind });
    } catch (e) {
      res.status(503).json({ status: 'degraded', database: this.db.kind, error: (e as Error).message });
    }
  }

  /** Readiness (not liveness): 200 once the rules are rebuilt and the database answers, else 503 with what start-up is doing. */
  @Get('ready')
  async ready(@Res() res: Response) {
    const status = this.readiness.status();
    if (!status.ready) return res.status(503).json({ status: 'starting', ...status });
    try {
      await this.prisma.$queryRawUnsafe('SELECT 1');
      res.status(200).json({ status: 'ready', database: this.db.kind, ...status });
    } catch (e) {
      res.status(503).json({ status: 'degraded', database: this.db.kind, error: (e as Error).message, ...status });
    }
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metricsText() {
    return this.metrics.render({ vigil_socket_clients: this.realtime.connectedClients() });
  }
}
