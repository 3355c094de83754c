import { readFileSync } from 'node:fs';
import { parseClinicalEvent } from '@vigil/contracts';
import { compareTransitions, normalizeExpected, replayStream, summarize, type StreamItem, type ThresholdValues, type TransitionSummary } from '@vigil/rules';

export interface ReplayOptions {
  file: string;
  expect?: string;
  thresholds?: string;
  json?: boolean;
}

/** Parses an NDJSON stream: canonical events (validated by the contracts) and `{"type":"tick","time":…}` lines. */
export function readStream(text: string, name: string): StreamItem[] {
  const items: StreamItem[] = [];
  text.split('\n').forEach((line, i) => {
    const s = line.trim();
    if (!s || s.startsWith('//')) return;
    let obj: { type?: string; time?: string; _comment?: string };
    try {
      obj = JSON.parse(s) as typeof obj;
    } catch (e) {
      throw new Error(`${name}:${i + 1}: not a JSON object (${(e as Error).message}); each line of a stream is one event`, { cause: e });
    }
    if (obj.type === undefined && obj._comment !== undefined) return; // a comment line
    if (obj.type === 'tick' && typeof obj.time === 'string') {
      items.push({ type: 'tick', time: new Date(Date.parse(obj.time)).toISOString() });
      return;
    }
    const parsed = parseClinicalEvent(obj);
    if (!parsed.ok) throw new Error(`${name}:${i + 1}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    items.push(parsed.value);
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

/** `vigil replay FILE --offline [--expect F] [--thresholds F] [--json]`: in-process, no server. */
export function replay(opts: ReplayOptions, out: (s: string) => void, err: (s: string) => void): number {
  const thresholds = opts.thresholds ? (JSON.parse(readFileSync(opts.thresholds, 'utf8')) as Partial<ThresholdValues>) : undefined;
  const transitions = replayStream(readStream(readFileSync(opts.file, 'utf8'), opts.file), { thresholds });
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
