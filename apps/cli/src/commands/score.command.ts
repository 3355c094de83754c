import { readFileSync } from 'node:fs';
import { replayParallel } from '../replay/parallel-replay';
import { workerCount } from '../replay/worker-count';
import { readThresholdsFile } from '../replay/thresholds-file';
import { str, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import { readStream, replayProgress } from './replay.command';
import { formatScores, patientDays, scoreAlerts } from '../score/score';
import { readTruth } from '../score/truth-file';

export const SCORE_OPTIONS: OptionSpec = { valued: ['truth', 'thresholds', 'before-min', 'after-min', 'workers'], flags: ['json'], positionals: 1 };


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
  // Everything the scoring needs is checked before the replay, which can take minutes.
  const window = { beforeMin: minutes(args, 'before-min'), afterMin: minutes(args, 'after-min') };
  const thresholdsFile = str(args, 'thresholds');
  const thresholds = thresholdsFile ? readThresholdsFile(thresholdsFile) : undefined;
  const truth = readTruth(readFileSync(truthFile, 'utf8'), truthFile);
  const text = readFileSync(file, 'utf8');
  const items = readStream(text, file);
  const progress = replayProgress(text.length);
  const transitions = await replayParallel(text, file, { workers: workerCount(str(args, 'workers'), text.length), thresholds, progress, items });
  progress?.finish();
  const events = items.filter((i): i is Exclude<typeof i, { type: 'tick' }> & { patientId: string } => i.type !== 'tick');
  const days = patientDays(events);
  const scores = scoreAlerts(transitions, truth, days, window);
  if (args.flags.has('json')) for (const s of scores) out(JSON.stringify(s) + '\n');
  else out(formatScores(scores, days));
  err(`${file}: ${events.length} events, ${transitions.length} transitions, replayed and scored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

/** --before-min / --after-min: minutes ≥ 0, or undefined for the default. */
function minutes(args: ParsedArgs, key: string): number | undefined {
  const v = str(args, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) throw new UsageError(`--${key} must be a number of minutes ≥ 0 (got "${v}")`);
  return n;
}
