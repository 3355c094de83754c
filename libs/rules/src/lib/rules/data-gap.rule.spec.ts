import type { EngineTransition } from '@vigil/contracts';
import { RulesEngine } from '../rules-engine';
import { DataGapRule } from './data-gap.rule';
import { PatientContext, type AlertView } from '../engine/patient-context';
import { defaultThresholds } from '../threshold-set';
import { admit, at, evt, T0, vitals } from '../../testing/event-builders';

const H = 60;
const urine = (min: number, ml = 60, spanMin = 60) => evt('urine', min, { volumeMl: ml, periodStart: at(min - spanMin), site: 'catheter' });
const normal = (min: number) => vitals(min, { sbp: 118, map: 80, hr: 82 });
const gaps = (ts: EngineTransition[]) => ts.filter((t) => t.alert.rule === 'data_gap');
const kinds = (ts: EngineTransition[]) => gaps(ts).map((t) => `${t.type} ${t.at.slice(11, 23)}`);

/** Feeds events in time order (each arriving when charted) and ticks to `until`; returns every transition. */
function run(events: ReturnType<typeof evt>[], until: number): EngineTransition[] {
  const e = new RulesEngine();
  const out = [...e.process(admit())];
  for (const ev of [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) out.push(...e.process(ev));
  out.push(...e.tick(at(until)));
  return out;
}

describe('DATA_GAP hysteresis (§6.0, issue 15)', () => {
  it('urine every 4 h on a 3-h ward is one alert that stays open, re-stated as urine comes back and goes missing again', () => {
    const events = [];
    for (let h = 0; h <= 24; h += 2) events.push(normal(h * H));
    for (let h = 0; h <= 24; h += 4) events.push(urine(h * H, 240, 4 * H));
    const out = gaps(run(events, 24 * H + 30));
    expect(out.filter((t) => t.type === 'raised')).toHaveLength(1);
    expect(out.filter((t) => t.type === 'resolved')).toHaveLength(0);
    expect(new Set(out.map((t) => t.alert.id)).size).toBe(1);
    // Every re-statement is `updated` at LOW, never a new alarm or a change of band.
    expect(out.slice(1).every((t) => t.type === 'updated' && t.alert.severity === 'low' && t.alert.state === 'active')).toBe(true);
    expect(out[0].at).toBe(new Date(T0 + 3 * H * 60_000 + 1).toISOString());
    const back = out.find((t) => t.at === at(4 * H));
    expect(back?.alert.message).toBe('Data gap: urine output back, open until a 2nd reading within 3 h');
    expect(back?.alert.evidence).toContainEqual(expect.objectContaining({ field: 'back_urine', time: at(4 * H) }));
    const again = out.find((t) => t.at === new Date(T0 + 7 * H * 60_000 + 1).toISOString());
    expect(again?.alert.message).toBe('Data gap: no urine output for more than 3 h');
  });

  it('one reading after the gap no longer resolves; the 2nd on-cadence reading does, and says so', () => {
    const events = [urine(1 * H), urine(2 * H), urine(6 * H), urine(7 * H), urine(8 * H)];
    for (let h = 0; h <= 8; h += 2) events.push(normal(h * H));
    const out = gaps(run(events, 8 * H + 30));
    expect(kinds(out)).toEqual(['raised 15:00:00.001', 'updated 16:00:00.000', 'resolved 17:00:00.000']);
    const resolved = out[2].alert;
    expect(resolved.message).toBe('Resolved: urine output back on cadence: 2 readings within 3 h');
    expect(resolved.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'back_urine', time: at(6 * H) }), expect.objectContaining({ field: 'type', value: 'urine', time: at(7 * H) })]));
  });

  it('the second reading exactly one interval after the first is on cadence; one later is a gap again, on the same alert', () => {
    const onTime = gaps(run([urine(0), urine(4 * H), urine(7 * H)], 7 * H + 1));
    expect(kinds(onTime)).toEqual(['raised 13:00:00.001', 'updated 14:00:00.000', 'resolved 17:00:00.000']);
    const late = gaps(run([urine(0), urine(4 * H), urine(7 * H + 1)], 7 * H + 2));
    expect(kinds(late)).toEqual(['raised 13:00:00.001', 'updated 14:00:00.000', 'updated 17:00:00.001', 'updated 17:01:00.000']);
    expect(new Set(late.map((t) => t.alert.id)).size).toBe(1);
  });

  it('a batch charted at one instant is one arrival: it brings the input back, never resolves on its own', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(urine(0));
    e.tick(at(3 * H + 1));
    // Three hours charted late, all arriving now (judged on arrival): one arrival.
    const batch = [urine(1 * H), urine(2 * H), urine(3 * H)].flatMap((u) => e.process(u));
    expect(kinds(batch)).toEqual(['updated 13:01:00.000']);
    expect(e.activeAlerts('P1').map((a) => a.rule)).toEqual(['data_gap']);
    expect(kinds(e.process(urine(4 * H)))).toEqual(['resolved 14:00:00.000']);
  });

  it('vitals and urine overdue together: one alert, resolved once both are back on cadence', () => {
    const events = [normal(0), urine(0), normal(5 * H), urine(5 * H, 300, 5 * H), normal(6 * H), urine(6 * H)];
    const out = gaps(run(events, 6 * H + 30));
    expect(kinds(out)).toEqual(['raised 13:00:00.001', 'updated 14:00:00.001', 'updated 15:00:00.000', 'updated 15:00:00.000', 'updated 16:00:00.000', 'resolved 16:00:00.000']);
    expect(out[1].alert.message).toBe('Data gap: no vitals for more than 4 h; no urine output for more than 3 h');
    expect(out[4].alert.message).toBe('Data gap: vitals back on cadence: 2 readings within 4 h; urine output back, open until a 2nd reading within 3 h');
    // Vitals back on cadence alone do not resolve while urine still awaits its second reading.
    const vitalsOnly = gaps(run([normal(0), urine(0), normal(5 * H), urine(5 * H, 300, 5 * H), normal(6 * H)], 6 * H + 30));
    expect(vitalsOnly.map((t) => t.type)).not.toContain('resolved');
  });

  it('a clinician closing the alert clears it: the next gap raises a new alert', () => {
    const rule = new DataGapRule();
    let open = false;
    const book: AlertView = { isOpen: () => open, severity: () => null, isPrompt: () => false, acknowledgedAt: () => null, onsetOf: () => null };
    const ctx = new PatientContext('P1', defaultThresholds(), book);
    const ms = (min: number) => T0 + min * 60_000;
    rule.onEvent(urine(0), ms(0), ctx);
    expect(rule.onTick(ms(3 * H) + 1, ctx)).toMatchObject({ kind: 'fire', severity: 'low' });
    open = true;
    expect(rule.onEvent(urine(4 * H), ms(4 * H), ctx)).toMatchObject({ kind: 'fire', restate: true });
    // Closed with a reason by a clinician (the book no longer holds it): what the rule knew of it goes.
    open = false;
    expect(rule.onEvent(urine(5 * H), ms(5 * H), ctx)).toBeUndefined();
    expect(rule.nextDue(ctx)).toBe(ms(8 * H) + 1);
    const next = rule.onTick(ms(8 * H) + 1, ctx);
    expect(next).toMatchObject({ kind: 'fire', severity: 'low', message: 'Data gap: no urine output for more than 3 h' });
    expect(next).not.toHaveProperty('restate');
  });

  it('discharge closes the latched alert; after readmission a new gap is a new alert', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(urine(0));
    e.tick(at(3 * H + 1));
    e.process(urine(4 * H));
    const closed = gaps(e.process(evt('discharge', 4 * H + 10, {} as never)));
    expect(closed.map((t) => t.type)).toEqual(['resolved']);
    e.process(admit(5 * H));
    e.process(urine(5 * H));
    const again = gaps(e.tick(at(8 * H + 1)));
    expect(again.map((t) => t.type)).toEqual(['raised']);
    expect(again[0].alert.id).not.toBe(closed[0].alert.id);
  });
});
