import type { VitalsSnapshot } from '@vigil/contracts';

/** Merges vitals per patient and sends at most one snapshot per patient per period. */
export class VitalsThrottle {
  private pending = new Map<string, VitalsSnapshot>();
  private readonly timer: NodeJS.Timeout;

  constructor(periodMs: number, private readonly send: (s: VitalsSnapshot) => void) {
    this.timer = setInterval(() => this.flush(), periodMs);
    this.timer.unref();
  }

  offer(s: VitalsSnapshot) {
    const prev = this.pending.get(s.patientId);
    if (!prev) this.pending.set(s.patientId, { ...s });
    else if (s.time >= prev.time) {
      const merged: VitalsSnapshot = { ...prev, time: s.time, wardId: s.wardId };
      for (const [k, v] of Object.entries(s)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
      this.pending.set(s.patientId, merged);
    }
  }

  flush() {
    const batch = this.pending;
    this.pending = new Map();
    for (const s of batch.values()) this.send(s);
  }

  stop() {
    clearInterval(this.timer);
  }
}
