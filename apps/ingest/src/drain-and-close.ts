import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EventStoreService } from './events/event-store.service';
import { MllpServer } from './mllp/mllp.server';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { RulesService } from './rules/rules.service';

/**
 * Stops the service without losing work, in this order: stop accepting (HTTP listener, MLLP port,
 * live sockets), let in-flight requests finish while the event log commits everything queued and
 * answers its callers, let the rules evaluate and persist what was stored, then close the database
 * and the rest (Nest's shutdown hooks). An acknowledged event is committed; an event whose request
 * is cut is not acknowledged, so its sender resends it.
 */
export async function drainAndClose(app: NestExpressApplication, log = new Logger('Shutdown')): Promise<void> {
  const started = Date.now();
  const server = app.getHttpServer() as Server;
  const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  app.get(RealtimeGateway).disconnectAll();
  await app.get(MllpServer).onApplicationShutdown();
  const store = app.get(EventStoreService);
  await store.drain();
  // In-flight requests finish (their events are committed by the drain above); a stuck one is cut after 10 s.
  await Promise.race([httpClosed, new Promise((r) => setTimeout(r, 10_000).unref())]);
  server.closeAllConnections();
  await store.drain();
  await app.get(RulesService).idle();
  log.log(`drained in ${Date.now() - started} ms: listeners closed, event log committed, rules queue evaluated`);
  await app.close();
}
