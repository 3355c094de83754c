import { readFileSync } from 'node:fs';
import { parseStreamLine } from '../replay/stream-line';
import { replayParallel, type ParallelReplayOptions } from '../replay/parallel-replay';
import { ProgressBar } from '../progress/progress-bar';
import { workerCount } from '../replay/worker-count';
import { compareTransitions, normalizeExpected, summarize, type StreamItem, type ThresholdValues, type TransitionSummary } from '@vigil/rules';

export interface ReplayOptions {
  file: string;
  expect?: string;
  thresholds?: string;
  json?: boolean;
  /** Worker threads for the replay: a number, or 'auto' (the default: one per core for large streams). */
  workers?: string;
  /** Where the progress bar goes (default stderr; null: none). */
  progress?: NodeJS.WriteStream | null;
}

/** Streams smaller than this replay in a second or two: no progress bar. */
const PROGRESS_MIN_BYTES = 5 * 2 ** 20;

/** A progress bar for replaying a large stream, in the shape replayParallel reports to. */
export function replayProgress(bytes: number, stream?: NodeJS.WriteStream | null): (NonNullable<ParallelReplayOptions['progress']> & { finish(): void }) | undefined {
  if (bytes < PROGRESS_MIN_BYTES || stream === null) return undefined;
  const bar = new ProgressBar({ label: 'replay', unit: 'events', stream });
  let total = 0;
  return {
    total: (n) => {
      total = n;
      bar.setTotal(n);
    },
    add: (n) => bar.add(n),
    finish: () => {
      bar.add(Math.max(0, total - bar.count)); // the last few thousand are not reported on the way
      bar.finish();
    },
  };
}

/** Parses an NDJSON stream: canonical events (validated by the contracts) and `{"type":"tick","time":…}` lines. */
export function readStream(text: string, name: string): StreamItem[] {
  const items: StreamItem[] = [];
  text.split('\n').forEach((line, i) => {
    const item = parseStreamLine(line, name, i + 1);
    if (item) items.push(item);
  });
  return items;
}

export function readExpected(text: string): TransitionSummary[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'))
    .map((l) => JSON.parse(l) as Partial<TransitionSummary> & { _comment?: string })
    .filter((o) => o.type !== undefined)
    .map(normalizeExpected);
}

/** `vigil replay FILE --offline [--expect F] [--thresholds F] [--json] [--workers N|auto]`: in-process, no server. */
export async function replay(opts: ReplayOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const thresholds = opts.thresholds ? (JSON.parse(readFileSync(opts.thresholds, 'utf8')) as Partial<ThresholdValues>) : undefined;
  const text = readFileSync(opts.file, 'utf8');
  const progress = replayProgress(text.length, opts.progress);
  const transitions = await replayParallel(text, opts.file, { workers: workerCount(opts.workers, text.length), thresholds, note: err, progress });
  progress?.finish();
  for (const t of transitions) {
    if (opts.json) out(JSON.stringify(t) + '\n');
    else out(`${t.at} ${t.type.padEnd(12)} ${t.alert.rule.padEnd(12)} ${t.alert.severity.padEnd(6)} ${t.alert.state.padEnd(12)} L${t.alert.escalationLevel} ${t.alert.message}\n`);
  }
  if (!opts.expect) return 0;
  const diffs = compareTransitions(transitions.map(summarize), readExpected(readFileSync(opts.expect, 'utf8')));
  if (diffs.length) {
    err(`${opts.file}: ${diffs.length} difference(s) from ${opts.expect}\n${diffs.join('\n')}\n`);
    return 1;
  }
  err(`${opts.file}: ${transitions.length} transition(s) match ${opts.expect}\n`);
  return 0;
}
