import { parseClinicalEvent } from '@vigil/contracts';
import { Prng } from './prng';
import { simulateWard } from './ward-simulator';

const bytes = (o: ReturnType<typeof simulateWard>) => o.events.map((e) => JSON.stringify(e)).join('\n') + '\n' + o.truth.map((t) => JSON.stringify(t)).join('\n');

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Prng('42');
    const b = new Prng('42');
    const c = new Prng('43');
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('simulateWard', () => {
  const opts = { patients: 2, hours: 12, seed: '11' };

  it('is reproducible: same seed, same bytes; another seed, other bytes', () => {
    expect(bytes(simulateWard(opts))).toBe(bytes(simulateWard(opts)));
    expect(bytes(simulateWard({ ...opts, seed: '12' }))).not.toBe(bytes(simulateWard(opts)));
  });

  it('adding a patient does not change the others', () => {
    const two = simulateWard(opts).events.filter((e) => e.patientId.endsWith('P01'));
    const three = simulateWard({ ...opts, patients: 3 }).events.filter((e) => e.patientId.endsWith('P01'));
    expect(three).toEqual(two);
  });

  it('writes valid canonical events, admits first, in time order', () => {
    const { events } = simulateWard(opts);
    for (const e of events) expect(parseClinicalEvent(e)).toMatchObject({ ok: true });
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(['admit', 'admit']);
    for (let i = 1; i < events.length; i++) expect(events[i].time >= events[i - 1].time).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('doses every 8 h and follows each patient with 5-min vitals, hourly urine and per-minute RR intervals', () => {
    const p1 = simulateWard(opts).events.filter((e) => e.patientId.endsWith('P01'));
    const doses = p1.filter((e) => e.type === 'dose').map((e) => e.time);
    expect(doses).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-05T16:00:00.000Z']);
    expect(p1.filter((e) => e.type === 'vitals')).toHaveLength(12 * 12 + 1);
    expect(p1.filter((e) => e.type === 'urine')).toHaveLength(12);
    expect(p1.filter((e) => e.type === 'rr').length).toBeGreaterThan(700);
  });

  it('AF episodes are irregular RR intervals with af labels; sinus is regular', () => {
    const { events, truth } = simulateWard({ ...opts, scenario: 'af' });
    const ep = truth.find((t) => t.kind === 'af')!;
    expect(ep).toBeDefined();
    const mine = events.filter((e) => e.patientId === ep.patientId);
    const cv = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length) / m;
    };
    const rr = (inside: boolean) =>
      mine.flatMap((e) => (e.type === 'rr' && (e.time > ep.start && e.time <= ep.end) === inside ? e.intervalsMs : []));
    expect(cv(rr(true))).toBeGreaterThan(0.15);
    expect(cv(rr(false))).toBeLessThan(0.1);
    expect(mine.some((e) => e.type === 'rhythm' && e.rhythm === 'af' && e.time >= ep.start && e.time < ep.end)).toBe(true);
  });

  it('a capillary leak lowers BP and urine output and adds weight, and is written as ground truth', () => {
    const { events, truth } = simulateWard({ ...opts, scenario: 'leak' });
    const leak = truth.find((t) => t.kind === 'capillary_leak')!;
    const mine = events.filter((e) => e.patientId === leak.patientId);
    const sbpAt = (iso: string) => {
      const v = mine.filter((e) => e.type === 'vitals' && e.time <= iso).at(-1);
      return v && v.type === 'vitals' ? v.sbp! : NaN;
    };
    const admit = mine[0];
    expect(admit.type === 'admit' && sbpAt(leak.peak) < admit.baseline!.sbp! - 15).toBe(true);
    expect(truth.some((t) => t.kind === 'hypotension' && t.patientId === leak.patientId)).toBe(true);
    expect(truth.some((t) => t.kind === 'oliguria' && t.patientId === leak.patientId)).toBe(true);
  });

  it('quiet scenario has no episodes', () => {
    expect(simulateWard({ ...opts, scenario: 'quiet' }).truth).toEqual([]);
  });
});
