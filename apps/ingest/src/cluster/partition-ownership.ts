import { Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { pgConfigFromUrl } from '../database/database-connection';
import { AdvisoryKeys, EVENTS_CHANNEL } from './advisory-keys';

/**
 * This node's PostgreSQL session for cluster membership and partition ownership: session advisory
 * locks on one dedicated connection (not the pool), so PostgreSQL releases every lock the node holds
 * when the node dies or its connection drops. TCP keepalives make a dead peer's session end within
 * about 10 s even when no packet says so (power loss, a cut network); a killed process closes its
 * socket and ends it at once. The same session LISTENs for new events.
 */
export class PartitionOwnership {
  private readonly logger = new Logger('Cluster');
  private client: Client | null = null;
  private readonly member = randomInt(1, 2 ** 31 - 1);
  private lostHandler: (why: string) => void = () => undefined;
  private wakeHandler: () => void = () => undefined;

  constructor(private readonly databaseUrl: string) {}

  /** Called when the session ends: every lock it held is gone (another node may already own them). */
  onLost(handler: (why: string) => void) {
    this.lostHandler = handler;
  }

  /** Called on each NOTIFY from a node that stored events. */
  onWake(handler: () => void) {
    this.wakeHandler = handler;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async connect(): Promise<void> {
    const client = new Client({ ...pgConfigFromUrl(this.databaseUrl), keepAlive: true, keepAliveInitialDelayMillis: 5_000, application_name: 'vigil-ownership' });
    await client.connect();
    let ended = false;
    const lost = (why: string) => {
      if (ended) return;
      ended = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      this.lostHandler(why);
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection closed'));
    client.on('notification', () => this.wakeHandler());
    // The server ends the session of a peer that stops answering: 5 s idle, then 3 probes 2 s apart.
    await client.query('SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
    await client.query('SELECT pg_advisory_lock($1, $2)', [AdvisoryKeys.member, this.member]);
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    // Ending the session releases every advisory lock it holds.
    if (client) await client.end().catch(() => undefined);
  }

  private get session(): Client {
    if (!this.client) throw new Error('the ownership session is not connected');
    return this.client;
  }

  /** Live nodes: sessions holding a membership lock in this database. */
  async members(): Promise<number> {
    const r = await this.session.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [AdvisoryKeys.member],
    );
    return Number(r.rows[0].n);
  }

  /** Partitions some node holds now. */
  async held(): Promise<Set<number>> {
    const r = await this.session.query<{ p: string }>(
      `SELECT objid::text AS p FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [AdvisoryKeys.partition],
    );
    return new Set(r.rows.map((row) => Number(row.p)));
  }

  /** Takes the partition's lock if nobody holds it. */
  async tryAcquire(partition: number): Promise<boolean> {
    const r = await this.session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [AdvisoryKeys.partition, partition]);
    return r.rows[0].ok;
  }

  async release(partition: number): Promise<void> {
    await this.session.query('SELECT pg_advisory_unlock($1, $2)', [AdvisoryKeys.partition, partition]);
  }

  describe(): string {
    return `member ${this.member}`;
  }
}
