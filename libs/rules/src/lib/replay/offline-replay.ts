import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine, type RulesEngineOptions } from '../rules-engine';
import { toMs } from '../time';

/** A stream item: a clinical event, or a virtual-clock tick (`{"type":"tick","time":…}`) that drives timers. */
export type StreamItem = ClinicalEvent | { type: 'tick'; time: string };

export interface ReplayOptions extends RulesEngineOptions {
  /** Called with the number of items replayed so far, every few thousand (for a progress bar). */
  onProgress?: (done: number) => void;
  /** Called with the engine once the stream is replayed (to read its state). */
  onEnd?: (engine: RulesEngine) => void;
}

const PROGRESS_EVERY = 4096;

/**
 * Offline replay: items in arrival order through a fresh engine, the virtual clock ticking forward to
 * each new latest event time (as a live ticker would) and to every explicit tick.
 */
export function replayStream(items: Iterable<StreamItem>, options: ReplayOptions = {}): EngineTransition[] {
  const engine = new RulesEngine(options);
  const out: EngineTransition[] = [];
  let clock = Number.NEGATIVE_INFINITY;
  let done = 0;
  for (const item of items) {
    if (options.onProgress && ++done % PROGRESS_EVERY === 0) options.onProgress(done);
    const t = toMs(item.time);
    if (t > clock) {
      clock = t;
      out.push(...engine.tick(item.time));
    }
    if (item.type !== 'tick') out.push(...engine.process(item));
  }
  options.onEnd?.(engine);
  return out;
}

/** The stable, comparable part of a transition: what scenario expectations are written in. */
export interface TransitionSummary {
  type: EngineTransition['type'];
  at: string;
  rule: string;
  severity: string;
  state: string;
  id: string;
  escalationLevel: number;
}

export function summarize(t: EngineTransition): TransitionSummary {
  const a = t.alert;
  return { type: t.type, at: t.at, rule: a.rule, severity: a.severity, state: a.state, id: a.id, escalationLevel: a.escalationLevel };
}

/** Normalises an expected line (times to ISO with ms, escalationLevel defaulting to the actual's shape). */
export function normalizeExpected(e: Partial<TransitionSummary>): TransitionSummary {
  const iso = (s: string | undefined) => (s ? new Date(toMs(s)).toISOString() : '');
  const id = e.id ?? '';
  const hash = id.indexOf('#');
  const idTime = id.split(':').slice(2).join(':');
  const normId = idTime ? `${id.split(':').slice(0, 2).join(':')}:${iso(hash > 0 ? idTime.slice(0, idTime.indexOf('#')) : idTime)}${hash > 0 ? id.slice(hash) : ''}` : id;
  return {
    type: e.type ?? 'raised',
    at: iso(e.at),
    rule: e.rule ?? '',
    severity: e.severity ?? '',
    state: e.state ?? '',
    id: normId,
    escalationLevel: e.escalationLevel ?? 0,
  };
}

/** Line-by-line comparison; returns human-readable differences (empty when equal). */
export function compareTransitions(actual: TransitionSummary[], expected: TransitionSummary[]): string[] {
  const diffs: string[] = [];
  const n = Math.max(actual.length, expected.length);
  const fmt = (s: TransitionSummary | undefined) => (s ? `${s.at} ${s.type} ${s.rule} ${s.severity} ${s.state} L${s.escalationLevel} ${s.id}` : '(none)');
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const e = expected[i];
    if (fmt(a) !== fmt(e)) diffs.push(`#${i + 1}\n  expected ${fmt(e)}\n  actual   ${fmt(a)}`);
  }
  return diffs;
}
