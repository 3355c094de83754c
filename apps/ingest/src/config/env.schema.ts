import { z } from 'zod';
import { checkPeerList } from '../mllp/peer-allow-list';

const isOrigin = (o: string) => {
  try {
    const u = new URL(o);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o.replace(/\/$/, '');
  } catch {
    return false;
  }
};

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/** The one validated view of the environment (DESIGN.md, Configuration). Nothing else reads process.env. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback unless asked: the container image sets 0.0.0.0. */
  HOST: z.string().default('127.0.0.1'),
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: addresses or CIDR blocks,
   * comma-separated. Empty (default): nobody's; the TCP peer is the client.
   */
  TRUST_PROXY: z.string().default(''),
  /**
   * Browser origins allowed to open the live socket besides the service's own (same origin), comma-
   * separated; default: the dashboard's dev server. Other origins are refused and audited.
   */
  LIVE_ALLOWED_ORIGINS: z
    .string()
    .default('http://localhost:4200,http://127.0.0.1:4200')
    .refine((v) => v.split(',').map((o) => o.trim()).filter(Boolean).every(isOrigin), 'each entry must be an origin such as https://vigil.example.org (scheme, host, optional port; no path)'),
  MLLP_PORT: z.coerce.number().int().min(0).max(65535).default(2575),
  /** MLLP peers allowed to connect: CIDR blocks or addresses, comma-separated ('*' = anyone, demo mode only). */
  MLLP_ALLOWED_PEERS: z.string().default('127.0.0.1/32,::1/128'),
  /** MLLP peers whose ADT messages (admit, transfer, discharge, updates) are accepted: CIDR blocks or addresses. */
  MLLP_ADT_PEERS: z.string().default(''),
  /** Open MLLP connections at most; more are refused at connect. */
  MLLP_MAX_CONNECTIONS: z.coerce.number().int().positive().max(100_000).default(64),
  /** An MLLP connection with no traffic for this long is closed (ms). */
  MLLP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /**
   * MLLP over TLS with client certificates: on when MLLP_TLS_CERT_FILE is set. Port (0: any free
   * port); the service's key and certificate; the CA whose certificates identify peers (required:
   * a peer without a certificate from it is refused at the handshake).
   */
  MLLP_TLS_PORT: z.coerce.number().int().min(0).max(65535).default(2576),
  MLLP_TLS_KEY_FILE: z.string().optional(),
  MLLP_TLS_CERT_FILE: z.string().optional(),
  MLLP_TLS_CA_FILE: z.string().optional(),
  /** Certificate subjects (CN) of TLS peers whose ADT is accepted, comma-separated: the hospital ADT interface only. */
  MLLP_TLS_ADT_SUBJECTS: z.string().default(''),
  /** Tests: listen for MLLP on an ephemeral port even though MLLP_PORT is 0. */
  MLLP_EPHEMERAL: flag.default(false),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  VIGIL_DATA_DIR: z.string().default('./.data'),
  JWT_SECRET: z.string().min(16).optional(),
  /** Demo ward, users and device key: only when asked for (`npm start` without DATABASE_URL asks). */
  VIGIL_DEMO: flag.default(false),
  /** Demo mode on a database server (DATABASE_URL) is refused unless forced: its logins are public. */
  VIGIL_DEMO_FORCE: flag.default(false),
  /** First start on a real deployment: creates user `admin` with this password when no such user exists. */
  VIGIL_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(200).optional(),
  /** With demo mode on: stream the built-in scenario (off seeds the ward and users only). */
  VIGIL_DEMO_STREAM: flag.default(true),
  /** Demo stream speed factor (1 = real time). */
  VIGIL_DEMO_SPEED: z.coerce.number().positive().max(10000).default(1),
  /** Wrong passwords for one username before it is locked, and for one client address. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Failure window and lock duration, in minutes. */
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  /**
   * How stale a node's view of sessions and device keys may be (ms): a session or key revoked on
   * another node (one database, several nodes) is refused here, and its sockets closed, within this.
   */
  REVOCATION_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Rule engine tick period (ms of wall clock) in live mode. */
  TICK_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /**
   * What drives the rules engine's timers: `wall` (live: the wall clock, every TICK_INTERVAL_MS) or
   * `events` (whole-system replay tests: virtual time, a tick at each event's time, exactly like
   * `vigil replay --offline`, so both give identical transitions).
   */
  VIGIL_CLOCK: z.enum(['wall', 'events']).default('wall'),
  /**
   * Events stamped later than now + this many seconds are refused (EVENT.FUTURE_TIME): a device with
   * a wrong clock or a replay shifted too far would otherwise show "last data" tomorrow and age 0.
   * Not applied with VIGIL_CLOCK=events, where the events' times are the clock.
   */
  VIGIL_FUTURE_TOLERANCE_S: z.coerce.number().int().min(0).max(86_400).default(300),
  /** IANA time zone the dashboard shows ward times in (default: the server's). */
  VIGIL_WARD_TIME_ZONE: z
    .string()
    .refine((z) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: z });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone, e.g. Europe/Paris')
    .optional(),
  /** Dashboard build to serve; empty disables static serving. */
  DASHBOARD_DIR: z.string().default('dist/apps/dashboard'),
  /** The source commit this build is from, for GET /version (the image's build argument); default: the build's record or git. */
  VIGIL_COMMIT: z.string().regex(/^[\w.-]{1,64}$/, 'a commit id or build label (letters, digits, . _ -)').optional(),
  /** `silent`: nothing at all (the tests' default, apps/ingest/jest.setup.cjs). */
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'log', 'debug']).default('log'),
  /**
   * Rules engine snapshots (start-up replays only the events after the latest): one after this many
   * evaluated events, or after VIGIL_SNAPSHOT_EVERY_S seconds with any new event. 0 disables both.
   */
  VIGIL_SNAPSHOT_EVERY_EVENTS: z.coerce.number().int().min(0).default(200_000),
  VIGIL_SNAPSHOT_EVERY_S: z.coerce.number().int().min(0).default(300),
  /**
   * Notifications out on each escalation step (docs/NOTIFICATIONS.md). Webhook: POST JSON to this URL,
   * signed with HMAC-SHA256 of VIGIL_WEBHOOK_SECRET (required with the URL; at least 32 characters).
   */
  VIGIL_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s):// URL' }).optional(),
  VIGIL_WEBHOOK_SECRET: z.string().min(32, 'at least 32 characters (openssl rand -hex 32)').optional(),
  /** HL7 ORU^R40 alert reports over MLLP to a paging or alarm gateway: host:port. */
  VIGIL_HL7_NOTIFY_PEER: z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port').optional(),
  /** MSH-5 of those reports (the gateway's application name). */
  VIGIL_HL7_NOTIFY_RECEIVER: z.string().max(180).default('ALARM_GW'),
  /** Attempts per notification, the first retry's delay (doubling after each failure, at most 5 min) and each attempt's timeout. */
  VIGIL_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  VIGIL_NOTIFY_BACKOFF_MS: z.coerce.number().int().min(1).max(300_000).default(2000),
  VIGIL_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Fault-injection tests only: hold each snapshot's write transaction open this long before it commits. */
  VIGIL_SNAPSHOT_WRITE_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /**
   * Alert transitions persisted per database transaction. A rebuild can recover thousands at once;
   * one transaction for all of them outlived the 30-s interactive-transaction timeout.
   */
  VIGIL_PERSIST_CHUNK: z.coerce.number().int().min(1).default(200),
  /**
   * Cluster mode (docs/DEPLOY.md): several nodes on one PostgreSQL. Patients hash into
   * VIGIL_PARTITIONS rule partitions; each runs on exactly one live node (advisory locks, fencing
   * epochs), which tails the event log for it. Off: today's single node, unchanged.
   */
  VIGIL_CLUSTER: flag.default(false),
  VIGIL_PARTITIONS: z.coerce.number().int().min(1).max(4096).default(64),
  /** This node's name in rule_partition.owner and the logs (default: host name and process id). */
  VIGIL_NODE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only (at most 100)').optional(),
  /** How often a node re-balances its partitions (ms), and how often the log tail is polled when no NOTIFY woke it. */
  VIGIL_BALANCE_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  VIGIL_TAIL_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Per-partition snapshots in cluster mode: after this many of the partition's events (0: never). */
  VIGIL_PARTITION_SNAPSHOT_EVERY_EVENTS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Redis for cross-node socket fan-out (socket.io's Redis Streams adapter): a transition raised on
   * one node reaches every node's dashboards. Unset: sockets are this node's only (single node).
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
});

export type Env = z.infer<typeof envSchema> & { demo: boolean };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (FOO= in .env or compose) means unset, not an invalid value.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration (see .env.example):\n${lines}`);
  }
  const env = result.data;
  const refusals = unsafeDefaults(env);
  if (refusals.length > 0) throw new Error(`Refusing to start (see .env.example and docs/SECURITY.md):\n${refusals.map((r) => `  ${r}`).join('\n')}`);
  return { ...env, demo: env.VIGIL_DEMO };
}

/** Secrets that appear in examples and docs: whoever reads them could sign tokens. */
const PLACEHOLDER_SECRETS = [/change.?me/i, /^(secret|password|changeit|placeholder|example|test|vigil|jwt.?secret)$/i, /^(.)\1+$/, /long.?random.?string/i];
/** Demo logins and key: public, printed in the README. */
const DEMO_CREDENTIALS = ['vigil-demo', 'demo-device-key'];

/** Reasons not to start with this configuration; each says what to do. */
export function unsafeDefaults(env: z.infer<typeof envSchema>): string[] {
  const out: string[] = [];
  if (env.JWT_SECRET && PLACEHOLDER_SECRETS.some((re) => re.test(env.JWT_SECRET!))) {
    out.push('JWT_SECRET is a known placeholder: set a long random value (openssl rand -hex 32) or unset it to generate one in VIGIL_DATA_DIR');
  }
  if (env.VIGIL_DEMO && env.DATABASE_URL && !env.VIGIL_DEMO_FORCE) {
    out.push('VIGIL_DEMO with DATABASE_URL: the demo logins and device key are public; turn VIGIL_DEMO off, or set VIGIL_DEMO_FORCE=1 for a throwaway database');
  }
  if (!env.VIGIL_DEMO) {
    if (env.VIGIL_ADMIN_PASSWORD && DEMO_CREDENTIALS.some((d) => env.VIGIL_ADMIN_PASSWORD!.includes(d))) out.push('VIGIL_ADMIN_PASSWORD contains a demo credential: choose another');
    if (env.MLLP_ALLOWED_PEERS.split(',').some((p) => p.trim() === '*')) out.push('MLLP_ALLOWED_PEERS=* lets any address send HL7 outside demo mode: list the senders as CIDR blocks (e.g. 10.20.0.0/16)');
  }
  if (env.TRUST_PROXY.split(',').some((p) => p.trim() === '*')) out.push('TRUST_PROXY=* would believe X-Forwarded-For from anyone (a client could pick its address for lockout and audit): list the proxies, e.g. 127.0.0.1/32');
  const tls = [env.MLLP_TLS_KEY_FILE, env.MLLP_TLS_CERT_FILE, env.MLLP_TLS_CA_FILE];
  if (tls.some(Boolean) && !tls.every(Boolean)) out.push('MLLP over TLS needs MLLP_TLS_KEY_FILE, MLLP_TLS_CERT_FILE and MLLP_TLS_CA_FILE together (the CA verifies the peers\' client certificates)');
  if (env.VIGIL_CLUSTER && !env.DATABASE_URL) out.push('VIGIL_CLUSTER needs DATABASE_URL: the nodes share one PostgreSQL (the embedded database belongs to one process)');
  if (env.VIGIL_CLUSTER && !env.JWT_SECRET) out.push('VIGIL_CLUSTER needs JWT_SECRET: every node must verify the tokens the others sign (openssl rand -hex 32, the same on every node)');
  if (env.VIGIL_WEBHOOK_URL && !env.VIGIL_WEBHOOK_SECRET) out.push('VIGIL_WEBHOOK_URL without VIGIL_WEBHOOK_SECRET: webhooks are always signed; set a long random secret (openssl rand -hex 32) shared with the receiver');
  if (env.VIGIL_WEBHOOK_SECRET && PLACEHOLDER_SECRETS.some((re) => re.test(env.VIGIL_WEBHOOK_SECRET!))) out.push('VIGIL_WEBHOOK_SECRET is a known placeholder: set a long random value (openssl rand -hex 32)');
  for (const name of ['MLLP_ALLOWED_PEERS', 'MLLP_ADT_PEERS', 'TRUST_PROXY'] as const) {
    try {
      checkPeerList(name, env[name]);
    } catch (e) {
      out.push((e as Error).message);
    }
  }
  return out;
}
