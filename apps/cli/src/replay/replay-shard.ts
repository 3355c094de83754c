import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine, type ThresholdValues } from '@vigil/rules';
import { parseStreamLine } from './stream-line';
import { STEP_TICK, type ShardInput } from './shard-plan';

const PROGRESS_EVERY = 4096;

export interface ShardJob extends ShardInput {
  name: string;
  thresholds?: Partial<ThresholdValues>;
}

export type ShardResult =
  | { ok: true; transitions: EngineTransition[]; /** Per transition: its stream item and whether a tick (0) or the item's event (1) produced it. */ origin: Int32Array }
  | { ok: false; line: number; message: string };

/**
 * Replays one shard (apps/cli/src/replay/shard-plan.ts) in its own engine: validates its lines (the
 * first invalid one is reported with its line number and nothing is replayed), then runs the steps.
 */
export function replayShard(job: ShardJob, onProgress?: (events: number) => void): ShardResult {
  const events: ClinicalEvent[] = [];
  const lines = job.lines.length > 0 ? job.lines.split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    try {
      const item = parseStreamLine(lines[i], job.name, job.lineNumbers[i]);
      if (item && item.type !== 'tick') events.push(item);
    } catch (e) {
      return { ok: false, line: job.lineNumbers[i], message: (e as Error).message };
    }
  }
  const engine = new RulesEngine({ thresholds: job.thresholds });
  const transitions: EngineTransition[] = [];
  const origin: number[] = [];
  const steps = job.steps;
  let next = 0;
  for (let k = 0; k < steps.length; k += 3) {
    const tick = steps[k + 1] === STEP_TICK;
    const out = tick ? engine.tickAt(steps[k + 2]) : engine.process(events[next++]);
    if (onProgress && !tick && next % PROGRESS_EVERY === 0) onProgress(PROGRESS_EVERY);
    for (const t of out) {
      transitions.push(t);
      origin.push(steps[k], tick ? 0 : 1);
    }
  }
  return { ok: true, transitions, origin: Int32Array.from(origin) };
}
