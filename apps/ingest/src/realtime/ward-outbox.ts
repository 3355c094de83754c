import type { VitalsSnapshot } from '@vigil/contracts';

/**
 * Gathers vitals snapshots per ward for at most `windowMs` and sends each ward's batch as one
 * message: 1,000 readings a second to 50 dashboards become a few dozen frames, not 50,000.
 */
export class WardOutbox {
  private pending = new Map<string, VitalsSnapshot[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly send: (wardId: string, batch: VitalsSnapshot[]) => void,
  ) {}

  add(s: VitalsSnapshot) {
    const list = this.pending.get(s.wardId);
    if (list) list.push(s);
    else this.pending.set(s.wardId, [s]);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = this.pending;
    this.pending = new Map();
    for (const [wardId, batch] of batches) this.send(wardId, batch);
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
