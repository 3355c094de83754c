/**
 * Replays every MIMIC-III demo stay through this checkout's engine and prints one JSON line per
 * stay: its id, span and compact transitions. Written to run unchanged in an older checkout too
 * (it imports only the importer and the engine's replayStream), so `validate-mimic` can measure the
 * engine before and after a change in the same run.
 * Usage: node -r @swc-node/register apps/cli/src/mimic/replay-stays.runner.ts MIMIC_DIR
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// A path, not @vigil/rules: validate-mimic copies this runner into an older checkout, whose
// engine it must measure whatever that checkout's path aliases were.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { replayStream } from '../../../../libs/rules/src/index';
import { importMimic } from './mimic-import';

const dir = process.argv[2];
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const { stays } = importMimic({
  icustays: read('icustays.csv'),
  vitals: read('vitals_chartevents.csv'),
  outputs: read('outputevents.csv'),
  labs: existsSync(join(dir, 'labevents.csv')) ? read('labevents.csv') : undefined,
});
const out: string[] = [];
for (const stay of stays) {
  const transitions = replayStream(stay.events).map((t) => [t.type, t.at, t.alert.rule, t.alert.severity, t.alert.id, t.alert.message.slice(0, 12)]);
  out.push(JSON.stringify({ stay: stay.icustayId, first: stay.events[0].time, last: stay.events[stay.events.length - 1].time, transitions }));
}
process.stdout.write(out.join('\n') + '\n');
