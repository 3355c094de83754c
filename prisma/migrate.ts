/** `npm run migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded database in VIGIL_DATA_DIR. */
import { parseEnv } from '../apps/ingest/src/config/env.schema';
import { openDatabase } from '../apps/ingest/src/database/database-connection';

async function main() {
  const env = parseEnv(process.env);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.VIGIL_DATA_DIR, log: (l) => console.log(l) });
  console.log(`database ${db.where} (${db.kind}) is up to date`);
  await db.close();
  process.exit(0); // the pg pool would otherwise keep Node alive for ~10 s
}

main().catch((e) => {
  console.error(`migrate failed: ${(e as Error).message}`);
  process.exit(1);
});
