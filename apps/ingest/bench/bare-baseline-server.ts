/**
 * The baseline Vigil's ingest is measured against: a bare Node http server that parses a JSON array
 * and does one multi-row insert per request into the same table, with no validation, auth or rules.
 * Run as its own process: DATABASE_URL=… PORT=… node -r @swc-node/register bare-baseline-server.ts
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { pgConfigFromUrl } from '../src/database/database-connection';

const pool = new Pool({ ...pgConfigFromUrl(process.env['DATABASE_URL']!), max: 10 });
const server = createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200).end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const events = Array.isArray(body) ? body : [body];
      const rows = events.map((e: { id: string; patientId: string; time: string; type: string }) => ({ id: e.id, patient_id: e.patientId, time: e.time, type: e.type, payload: e }));
      await pool.query(
        `INSERT INTO clinical_event (id, patient_id, time, type, payload)
         SELECT x.id, x.patient_id, x.time, x.type, x.payload FROM jsonb_to_recordset($1::jsonb)
         AS x(id text, patient_id text, time timestamptz, type text, payload jsonb) ON CONFLICT (id, revision) DO NOTHING`,
        [JSON.stringify(rows)],
      );
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});
server.listen(Number(process.env['PORT']), '127.0.0.1');
