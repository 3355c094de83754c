/**
 * Generates a stored history straight into a Vigil database's event log, in SQL (no HTTP, no engine):
 * `patients` admitted patients of ward W-BENCH, then vitals every `cadenceS` seconds per patient,
 * in effective-time order, ending now. Normal values: the alerts such a history raised would already be
 * on record, and the start-up bench times state, not the recovery of unrecorded alerts. Usable alone: `node -r @swc-node/register apps/ingest/bench/generate-history.ts URL COUNT`.
 */
import { Client } from 'pg';
import { pgConfigFromUrl } from '../src/database/database-connection';

const CHUNK = 250_000;

export async function generateHistory(url: string, count: number, patients: number, cadenceS: number, progress?: (done: number) => void): Promise<void> {
  const c = new Client(pgConfigFromUrl(url));
  await c.connect();
  const iso = (t: string) => `to_char((${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // Event g (1-based) is patient g % P at step g / P; the last step ends a minute ago.
  const steps = Math.ceil(count / patients);
  const start = `(now() - interval '1 minute' - interval '1 second' * ${steps * cadenceS})`;
  try {
    await c.query(`INSERT INTO ward (id, name) VALUES ('W-BENCH', 'Bench ward') ON CONFLICT DO NOTHING`);
    await c.query(
      `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
       SELECT 'h-admit-' || p, 'P-H-' || p, ${start} - interval '1 minute', 'admit', 'history',
              jsonb_build_object('id', 'h-admit-' || p, 'patientId', 'P-H-' || p, 'time', ${iso(`${start} - interval '1 minute'`)}, 'type', 'admit', 'wardId', 'W-BENCH', 'bed', 'B' || p, 'weightKg', 70)
       FROM generate_series(0, ${patients - 1}) AS p`,
    );
    for (let from = 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await c.query(
        `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
         SELECT 'h-' || g, 'P-H-' || (g % ${patients}), t, 'vitals', 'history',
                jsonb_build_object('id', 'h-' || g, 'patientId', 'P-H-' || (g % ${patients}), 'time', ${iso('t')}, 'type', 'vitals', 'method', 'nibp',
                  'sbp', 112 + g % 15, 'map', 82,
                  'hr', 70 + g % 25, 'spo2', 96 + g % 4, 'rr', 14 + g % 5, 'temp', 36.8)
         FROM (SELECT g, ${start} + (g / ${patients}) * interval '1 second' * ${cadenceS} AS t FROM generate_series(${from}, ${to}) AS g) s`,
      );
      progress?.(to);
    }
  } finally {
    await c.end();
  }
}

if (require.main === module) {
  const [url, count, patients = '200', cadence = '60'] = process.argv.slice(2);
  if (!url || !count) {
    console.error('usage: generate-history.ts DATABASE_URL COUNT [PATIENTS] [CADENCE_S]');
    process.exit(2);
  }
  generateHistory(url, Number(count), Number(patients), Number(cadence), (d) => process.stderr.write(`\r${d} events`)).then(
    () => process.stderr.write('\n'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
