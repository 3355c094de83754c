import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DomainEvents, type AlertTransition, type ClinicalEventsStoredPayload } from '@vigil/contracts';

/** What the scrape reads from other services at scrape time (gauges of current state). */
export interface MetricsProbes {
  socketClients(): number;
  mllpConnections(): number;
  rulesQueuedEvents(): number;
  databasePool(): { total: number; idle: number; waiting: number } | null;
}

const SQL_OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK']);
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The service's Prometheus metrics (GET /metrics), with prom-client: one registry per running app
 * (tests run several in one process), Node's default process metrics, and Vigil's families below.
 * Services record into the families they own; gauges of current state are read at scrape time.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private probes: MetricsProbes | null = null;
  private readonly r = [this.registry];

  readonly httpDuration = new Histogram({ name: 'vigil_http_request_duration_seconds', help: 'HTTP requests by method, route (the matched pattern, never the raw path) and status.', labelNames: ['method', 'route', 'status'], buckets: SECONDS, registers: this.r });
  readonly ingestEvents = new Counter({ name: 'vigil_ingest_events_total', help: 'Events received, by channel (rest, fhir, mllp, system) and outcome (accepted, duplicate, rejected by validation or policy, refused by the store).', labelNames: ['channel', 'outcome'], registers: this.r });
  readonly eventsStored = new Counter({ name: 'vigil_events_stored_total', help: 'Clinical events newly stored in the log.', registers: this.r });
  readonly commitBatchEvents = new Histogram({ name: 'vigil_event_commit_batch_events', help: 'Events per group commit of the event log (one INSERT for many requests).', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], registers: this.r });
  readonly commitDuration = new Histogram({ name: 'vigil_event_commit_duration_seconds', help: 'Time from a group commit starting its INSERT to its callers being answered.', buckets: SECONDS, registers: this.r });
  readonly rulesLag = new Histogram({ name: 'vigil_rules_lag_seconds', help: 'Time from events being stored to the rules having evaluated them and persisted the transitions.', buckets: SECONDS, registers: this.r });
  readonly transitions = new Counter({ name: 'vigil_alert_transitions_total', help: 'Alert transitions persisted, by type, rule and severity.', labelNames: ['type', 'rule', 'severity'], registers: this.r });
  readonly socketEmits = new Counter({ name: 'vigil_socket_emits_total', help: 'Messages emitted on the live socket, by event (to a room counts once).', labelNames: ['event'], registers: this.r });
  readonly mllpConnectionsTotal = new Counter({ name: 'vigil_mllp_connections_total', help: 'MLLP connections, by outcome (accepted, refused).', labelNames: ['outcome'], registers: this.r });
  readonly mllpMessages = new Counter({ name: 'vigil_mllp_messages_total', help: 'HL7 messages received over MLLP, by the ACK code answered (AA, AE, AR; none for an incoming ACK).', labelNames: ['ack'], registers: this.r });
  readonly dbQueryDuration = new Histogram({ name: 'vigil_db_query_duration_seconds', help: 'Database statements issued through Prisma, by operation (SELECT, INSERT, …).', labelNames: ['operation'], buckets: SECONDS, registers: this.r });
  readonly notificationDeliveries = new Counter({ name: 'vigil_notification_deliveries_total', help: 'Escalation notification attempts, by channel and outcome (delivered, retrying, failed).', labelNames: ['channel', 'outcome'], registers: this.r });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const probes = () => this.probes;
    new Gauge({ name: 'vigil_socket_clients', help: 'Live sockets connected.', registers: this.r, collect() { this.set(probes()?.socketClients() ?? 0); } });
    new Gauge({ name: 'vigil_mllp_connections', help: 'MLLP connections open.', registers: this.r, collect() { this.set(probes()?.mllpConnections() ?? 0); } });
    new Gauge({ name: 'vigil_rules_queue_events', help: 'Stored events waiting for the rules.', registers: this.r, collect() { this.set(probes()?.rulesQueuedEvents() ?? 0); } });
    new Gauge({
      name: 'vigil_db_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, waiting clients); absent on the embedded database.',
      labelNames: ['state'],
      registers: this.r,
      collect() {
        const pool = probes()?.databasePool();
        if (pool) for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, pool[state]);
      },
    });
  }

  /** Called once by the health controller, which can reach the services without a dependency cycle. */
  setProbes(probes: MetricsProbes) {
    this.probes = probes;
  }

  @OnEvent(DomainEvents.ClinicalEventsStored)
  onStored({ events }: ClinicalEventsStoredPayload) {
    this.eventsStored.inc(events.length);
  }

  @OnEvent(DomainEvents.AlertTransitioned)
  onTransition(t: AlertTransition) {
    this.transitions.inc({ type: t.type, rule: t.alert.rule, severity: t.alert.severity });
  }

  /** One database statement's duration, by its first keyword (a fixed set: the label never carries data). */
  recordQuery(sql: string, durationMs: number) {
    const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
    this.dbQueryDuration.observe({ operation: SQL_OPERATIONS.has(word) ? word : 'OTHER' }, durationMs / 1000);
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
