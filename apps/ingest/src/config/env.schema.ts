import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/** The one validated view of the environment (DESIGN.md, Configuration). Nothing else reads process.env. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MLLP_PORT: z.coerce.number().int().min(0).max(65535).default(2575),
  /** MLLP peers allowed to send: '*', IP addresses, or app:<MSH-3 or MSH-4 name>, comma-separated. */
  MLLP_ALLOWED_PEERS: z.string().default('*'),
  /** Tests: listen for MLLP on an ephemeral port even though MLLP_PORT is 0. */
  MLLP_EPHEMERAL: flag.default(false),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  VIGIL_DATA_DIR: z.string().default('./.data'),
  JWT_SECRET: z.string().min(16).optional(),
  VIGIL_DEMO: flag.optional(),
  /** First start on a real deployment: creates user `admin` with this password when no such user exists. */
  VIGIL_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** With demo mode on: stream the built-in scenario (off seeds the ward and users only). */
  VIGIL_DEMO_STREAM: flag.default(true),
  /** Demo stream speed factor (1 = real time). */
  VIGIL_DEMO_SPEED: z.coerce.number().positive().max(10000).default(1),
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
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  /**
   * Rules engine snapshots (start-up replays only the events after the latest): one after this many
   * evaluated events, or after VIGIL_SNAPSHOT_EVERY_S seconds with any new event. 0 disables both.
   */
  VIGIL_SNAPSHOT_EVERY_EVENTS: z.coerce.number().int().min(0).default(200_000),
  VIGIL_SNAPSHOT_EVERY_S: z.coerce.number().int().min(0).default(300),
  /** Fault-injection tests only: hold each snapshot's write transaction open this long before it commits. */
  VIGIL_SNAPSHOT_WRITE_DELAY_MS: z.coerce.number().int().min(0).default(0),
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
  return { ...env, demo: env.VIGIL_DEMO ?? env.DATABASE_URL === undefined };
}
