import { readFileSync } from 'node:fs';
import { parseStreamLine } from '../replay/stream-line';
import { replayParallel, type ParallelReplayOptions } from '../replay/parallel-replay';
import { ProgressBar } from '../progress/progress-bar';
import { workerCount } from '../replay/worker-count';
import { compareTransitions, normalizeExpected, summarize, type StreamItem, type TransitionSummary } from '@vigil/rules';
import { readThresholdsFile } from '../replay/thresholds-file';
import { InputError } from '../args';
import { refuseInvalid } from '../replay/refuse-invalid';
import type { EngineTransition } from '@vigil/contracts';

export interface ReplayOptions {
  file: string;
  expect?: string;
  thresholds?: string;
  json?: boolean;
  /** Worker threads for the replay: a number, or 'auto' (the default: one per core for large streams). */
  workers?: string;
  /** Stop at the first invalid line (the behaviour before §10); otherwise refuse what is invalid, report it, and replay the rest. */
  strict?: boolean;
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
  return [...streamItems(text, name)];
}

/**
 * The stream's items one at a time, each line parsed and validated when it is reached. A replay
 * that consumes them as they come holds no parsed stream: its events die young, which spares the
 * garbage collector the work of a heap the size of the file.
 */
export function* streamItems(text: string, name: string): Generator<StreamItem> {
  let lineNo = 0;
  for (let start = 0; start < text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const item = parseStreamLine(text.slice(start, end), name, lineNo + 1);
    if (item) yield item;
    start = end + 1;
  }
}

/** Lines in a stream (an upper bound of its items, for a progress bar's total). */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

export function readExpected(text: string, name = 'expected'): TransitionSummary[] {
  const out: TransitionSummary[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l || l.startsWith('//')) continue;
    let o: Partial<TransitionSummary> & { _comment?: string };
    try {
      o = JSON.parse(l);
    } catch (e) {
      throw new InputError(`--expect ${name}:${i + 1}: not JSON (${(e as Error).message}); each line is one expected transition`);
    }
    if (o !== null && typeof o === 'object' && o.type !== undefined) out.push(normalizeExpected(o));
  }
  return out;
}

/** One transition for a reader: when, whose (patient, ward and bed), what, and the rule's message. */
export function humanTransitionLine(t: EngineTransition): string {
  const a = t.alert;
  const where = `${a.patientId} (${a.wardId ? `${a.wardId} ` : ''}bed ${a.bed ?? '?'})`;
  return `${t.at} ${where} ${t.type.padEnd(12)} ${a.rule.padEnd(12)} ${a.severity.padEnd(6)} ${a.state.padEnd(12)} L${a.escalationLevel} ${a.message}\n`;
}

/** `vigil replay FILE --offline [--expect F] [--thresholds F] [--json] [--workers N|auto]`: in-process, no server. */
export async function replay(opts: ReplayOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const thresholds = opts.thresholds ? readThresholdsFile(opts.thresholds) : undefined;
  // Read before the replay, which can take minutes: a bad expectation file fails at once.
  const expected = opts.expect ? readExpected(readFileSync(opts.expect, 'utf8'), opts.expect) : null;
  let text = readFileSync(opts.file, 'utf8');
  let progress = replayProgress(text.length, opts.progress);
  let transitions: Awaited<ReturnType<typeof replayParallel>>;
  try {
    transitions = await replayParallel(text, opts.file, { workers: workerCount(opts.workers, text.length), thresholds, note: err, progress });
  } catch (e) {
    // Valid streams pay nothing for this: only a stream with an invalid line is read again.
    if (opts.strict || !(e instanceof InputError)) throw e;
    const refused = refuseInvalid(text, opts.file);
    for (const n of refused.notes) err(`${n}\n`);
    err(`${opts.file}: ${refused.notes.length} invalid field(s) or line(s) refused; replaying the rest (--strict stops at the first)\n`);
    text = refused.text;
    progress = replayProgress(text.length, opts.progress);
    transitions = await replayParallel(text, opts.file, { workers: workerCount(opts.workers, text.length), thresholds, note: err, progress });
  }
  progress?.finish();
  for (const t of transitions) {
    if (opts.json) out(JSON.stringify(t) + '\n');
    else out(humanTransitionLine(t));
  }
  if (!opts.expect || expected === null) return 0;
  const diffs = compareTransitions(transitions.map(summarize), expected);
  if (diffs.length) {
    err(`${opts.file}: ${diffs.length} difference(s) from ${opts.expect}\n${diffs.join('\n')}\n`);
    return 1;
  }
  err(`${opts.file}: ${transitions.length} transition(s) match ${opts.expect}\n`);
  return 0;
}
