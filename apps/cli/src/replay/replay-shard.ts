import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine, type ThresholdValues } from '@vigil/rules';
import { parseStreamLine } from './stream-line';
import { STEP_TICK, type ShardInput } from './shard-plan';

const PROGRESS_EVERY = 4096;

export type ShardResult =
  | { ok: true; transitions: EngineTransition[]; /** Per transition: its stream item and whether a tick (0) or the item's event (1) produced it. */ origin: Int32Array }
  | { ok: false; line: number; message: string };

/**
 * Replays one shard (apps/cli/src/replay/shard-plan.ts) in its own engine, in chunks as they are
 * split: each chunk's lines are validated, then its steps run. After an invalid line nothing more is
 * replayed, and the result is that line's error (the first in this shard).
 */
export class ShardReplayer {
  private readonly engine: RulesEngine;
  private readonly transitions: EngineTransition[] = [];
  private readonly origin: number[] = [];
  private failed: { line: number; message: string } | null = null;
  private events = 0;

  constructor(
    private readonly name: string,
    thresholds?: Partial<ThresholdValues>,
    private readonly onProgress?: (events: number) => void,
  ) {
    this.engine = new RulesEngine({ thresholds });
  }

  add(chunk: ShardInput): void {
    if (this.failed) return;
    const events: ClinicalEvent[] = [];
    const lines = chunk.lines.length > 0 ? chunk.lines.split('\n') : [];
    for (let i = 0; i < lines.length; i++) {
      try {
        const item = parseStreamLine(lines[i], this.name, chunk.lineNumbers[i]);
        if (item && item.type !== 'tick') events.push(item);
      } catch (e) {
        this.failed = { line: chunk.lineNumbers[i], message: (e as Error).message };
        return;
      }
    }
    const steps = chunk.steps;
    let next = 0;
    for (let k = 0; k < steps.length; k += 3) {
      const tick = steps[k + 1] === STEP_TICK;
      const out = tick ? this.engine.tickAt(steps[k + 2]) : this.engine.process(events[next++]);
      if (!tick && this.onProgress && ++this.events % PROGRESS_EVERY === 0) this.onProgress(PROGRESS_EVERY);
      for (const t of out) {
        this.transitions.push(t);
        this.origin.push(steps[k], tick ? 0 : 1);
      }
    }
  }

  result(): ShardResult {
    return this.failed ? { ok: false, ...this.failed } : { ok: true, transitions: this.transitions, origin: Int32Array.from(this.origin) };
  }
}
