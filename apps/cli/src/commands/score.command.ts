import { readFileSync } from 'node:fs';
import { replayParallel } from '../replay/parallel-replay';
import { workerCount } from '../replay/worker-count';
import { readThresholdsFile } from '../replay/thresholds-file';
import { str, type OptionSpec, type ParsedArgs } from '../args';
import { readStream, replayProgress } from './replay.command';
import { formatScores, patientDays, scoreAlerts } from '../score/score';
import type { TruthEpisode } from '../simulate/ward-simulator';

export const SCORE_OPTIONS: OptionSpec = { valued: ['truth', 'thresholds', 'before-min', 'after-min', 'workers'], flags: ['json'], positionals: 1 };

export function readTruth(text: string): TruthEpisode[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'))
    .map((l) => JSON.parse(l) as TruthEpisode & { _comment?: string })
    .filter((o) => o.kind !== undefined);
}

/**
 * `vigil score STREAM --truth TRUTH [--thresholds F] [--before-min M] [--after-min M] [--json] [--workers N|auto]`: offline
 * replay of the stream, then per rule sensitivity, PPV, alarms per patient-day, delay and lead time.
 */
export async function scoreMain(args: ParsedArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const file = args.positionals[0];
  const truthFile = str(args, 'truth');
  if (!file || !truthFile) {
    err('usage: vigil score STREAM --truth TRUTH [--thresholds F] [--before-min 60] [--after-min 60] [--json] [--workers N|auto]\n  (vigil simulate --out F writes F.truth.ndjson beside the stream)\n');
    return 2;
  }
  const started = performance.now();
  const text = readFileSync(file, 'utf8');
  const items = readStream(text, file);
  const thresholdsFile = str(args, 'thresholds');
  const thresholds = thresholdsFile ? readThresholdsFile(thresholdsFile) : undefined;
  const progress = replayProgress(text.length);
  const transitions = await replayParallel(text, file, { workers: workerCount(str(args, 'workers'), text.length), thresholds, progress, items });
  progress?.finish();
  const events = items.filter((i): i is Exclude<typeof i, { type: 'tick' }> & { patientId: string } => i.type !== 'tick');
  const days = patientDays(events);
  const scores = scoreAlerts(transitions, readTruth(readFileSync(truthFile, 'utf8')), days, {
    beforeMin: str(args, 'before-min') !== undefined ? Number(str(args, 'before-min')) : undefined,
    afterMin: str(args, 'after-min') !== undefined ? Number(str(args, 'after-min')) : undefined,
  });
  if (args.flags.has('json')) for (const s of scores) out(JSON.stringify(s) + '\n');
  else out(formatScores(scores, days));
  err(`${file}: ${events.length} events, ${transitions.length} transitions, replayed and scored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
