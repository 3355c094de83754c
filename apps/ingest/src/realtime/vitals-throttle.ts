import type { VitalsSnapshot } from '@vigil/contracts';

/**
 * At most one vitals message per patient per period. The first reading in a period goes out at once
 * (a 1 Hz monitor is never delayed); faster bursts are merged and the newest values follow at the end
 * of the period.
 */
export class VitalsThrottle {
  private readonly lastSent = new Map<string, number>();
  private pending = new Map<string, VitalsSnapshot>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly periodMs: number,
    private readonly send: (s: VitalsSnapshot) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.flushDue(), Math.max(10, Math.floor(periodMs / 10)));
    this.timer.unref();
  }

  offer(s: VitalsSnapshot) {
    const merged = merge(this.pending.get(s.patientId), s);
    const last = this.lastSent.get(s.patientId);
    const t = this.now();
    // 20% slack: a 1 Hz monitor whose reading lands 1 ms early must not wait for the trailing flush.
    if (last === undefined || t - last >= this.periodMs * 0.8) {
      this.pending.delete(s.patientId);
      this.lastSent.set(s.patientId, t);
      this.send(merged);
    } else {
      this.pending.set(s.patientId, merged);
    }
  }

  flushDue() {
    const t = this.now();
    for (const [id, s] of this.pending) {
      if (t - (this.lastSent.get(id) ?? 0) < this.periodMs) continue;
      this.pending.delete(id);
      this.lastSent.set(id, t);
      this.send(s);
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}

function merge(prev: VitalsSnapshot | undefined, next: VitalsSnapshot): VitalsSnapshot {
  if (!prev) return { ...next };
  const newer = next.time >= prev.time;
  const out: VitalsSnapshot = { ...prev, time: newer ? next.time : prev.time, wardId: next.wardId };
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined || k === 'time') continue;
    if (newer || (out as unknown as Record<string, unknown>)[k] === undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}
