import { readFileSync } from 'node:fs';
import { parseStreamLine } from '../replay/stream-line';
import { replayParallel } from '../replay/parallel-replay';
import { workerCount } from '../replay/worker-count';
import { compareTransitions, normalizeExpected, summarize, type StreamItem, type ThresholdValues, type TransitionSummary } from '@vigil/rules';

export interface ReplayOptions {
  file: string;
  expect?: string;
  thresholds?: string;
  json?: boolean;
  /** Worker threads for the replay: a number, or 'auto' (the default: one per core for large streams). */
  workers?: string;
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
  const transitions = await replayParallel(text, opts.file, { workers: workerCount(opts.workers, text.length), thresholds, note: err });
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
