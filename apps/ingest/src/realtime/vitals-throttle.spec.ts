import type { VitalsSnapshot } from '@vigil/contracts';
import { VitalsThrottle } from './vitals-throttle';

describe('VitalsThrottle', () => {
  let clock = 0;
  let sent: VitalsSnapshot[];
  let throttle: VitalsThrottle;
  const snap = (time: string, extra: Partial<VitalsSnapshot>): VitalsSnapshot => ({ patientId: 'P', wardId: 'W', time, ...extra });

  beforeEach(() => {
    clock = 0;
    sent = [];
    throttle = new VitalsThrottle(1000, (s) => sent.push(s), () => clock);
  });
  afterEach(() => throttle.stop());

  it('sends the first reading at once and merges a burst into one trailing message', () => {
    throttle.offer(snap('t1', { hr: 80 }));
    expect(sent).toEqual([snap('t1', { hr: 80 })]);
    clock = 200;
    throttle.offer(snap('t2', { sbp: 100 }));
    clock = 400;
    throttle.offer(snap('t3', { hr: 90 }));
    throttle.flushDue();
    expect(sent).toHaveLength(1);
    clock = 1000;
    throttle.flushDue();
    expect(sent[1]).toEqual(snap('t3', { sbp: 100, hr: 90 }));
  });

  it('sends a steady 1 Hz stream at once even with jitter', () => {
    throttle.offer(snap('t1', { hr: 80 }));
    clock = 995;
    throttle.offer(snap('t2', { hr: 81 }));
    clock = 1990;
    throttle.offer(snap('t3', { hr: 82 }));
    expect(sent.map((s) => s.hr)).toEqual([80, 81, 82]);
  });

  it('does not let a late reading overwrite newer values', () => {
    clock = 5000;
    throttle.offer(snap('t5', { hr: 100 }));
    clock = 5100;
    throttle.offer(snap('t5', { hr: 100 }));
    throttle.offer(snap('t1', { hr: 60, spo2: 93 }));
    clock = 6000;
    throttle.flushDue();
    expect(sent[1]).toEqual(snap('t5', { hr: 100, spo2: 93 }));
  });
});
