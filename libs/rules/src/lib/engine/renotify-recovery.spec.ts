import type { AlertRule, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine } from '../rules-engine';
import { admit, at, evt, vitals } from '../../testing/event-builders';

/**
 * §6.0: an acknowledgement silences re-notification for the snooze time; "if the condition still holds
 * after that, notify again". A latched alert whose condition has cleared, waiting out its resolve
 * window (hysteresis), is not re-notified (nor re-escalated); an input that brings the condition back
 * after the snooze re-notifies at that input.
 */
function watch(rule: AlertRule, steps: Array<ClinicalEvent | number>): string[] {
  const e = new RulesEngine();
  e.process(admit());
  const out: EngineTransition[] = [];
  let acked = false;
  for (const s of steps) {
    const ts = typeof s === 'number' ? e.tick(at(s)) : e.process(s);
    out.push(...ts);
    // Acknowledge the alert as soon as it is confirmed (MEDIUM or HIGH).
    const confirmed = ts.find((t) => t.alert.rule === rule && t.alert.severity !== 'low' && t.alert.state === 'active');
    if (!acked && confirmed) {
      acked = true;
      const ackAt = (Date.parse(confirmed.at) - Date.parse(at(0))) / 60_000 + 1;
      out.push(...e.process(evt('acknowledge', ackAt, { alertId: confirmed.alert.id, by: 'rn-a', role: 'nurse' })));
    }
  }
  return out.filter((t) => t.alert.rule === rule).map((t) => `${t.type} ${t.alert.severity} ${t.at}`);
}

describe('re-notification after the acknowledgement snooze waits while the condition has cleared', () => {
  it('FEVER: afebrile inside the snooze, no re-notification over the 4-h resolve window', () => {
    const temps = (t: number, temp: number) => vitals(t, { temp });
    expect(watch('fever', [temps(0, 38.6), temps(60, 38.6), temps(65, 37.0), 120, temps(180, 37.1), temps(240, 36.9), temps(305, 37.0)])).toEqual([
      `raised low ${at(0)}`,
      `updated medium ${at(60)}`,
      `acknowledged medium ${at(61)}`,
      `resolved medium ${at(305)}`,
    ]);
  });

  it('FEVER: febrile again after the snooze: re-notified at that reading', () => {
    const temps = (t: number, temp: number) => vitals(t, { temp });
    expect(watch('fever', [temps(0, 38.6), temps(60, 38.6), temps(65, 37.0), 100, temps(120, 38.4), 125])).toEqual([
      `raised low ${at(0)}`,
      `updated medium ${at(60)}`,
      `acknowledged medium ${at(61)}`,
      `updated medium ${at(120)}`,
    ]);
  });

  it('FEVER: still febrile when the snooze ends: re-notified at the snooze end, as before', () => {
    const temps = (t: number, temp: number) => vitals(t, { temp });
    expect(watch('fever', [temps(0, 38.6), temps(60, 38.6), 75])).toEqual([`raised low ${at(0)}`, `updated medium ${at(60)}`, `acknowledged medium ${at(61)}`, `updated medium ${at(71)}`]);
  });

  it('TACHYCARDIA (HIGH): HR < 100 inside the 2-min snooze, no re-notification or escalation before the 15-min resolve', () => {
    const hr = (t: number, v: number) => vitals(t, { hr: v });
    expect(watch('tachycardia', [hr(0, 140), hr(30, 142), hr(32, 90), 40, hr(47, 92)])).toEqual([
      `raised low ${at(0)}`,
      `updated high ${at(30)}`,
      `acknowledged high ${at(31)}`,
      `resolved high ${at(47)}`,
    ]);
  });

  it('HYPOXIA: SpO2 > 90% inside the snooze, no re-notification before the 10-min resolve', () => {
    const sat = (t: number, v: number) => vitals(t, { spo2: v });
    expect(watch('hypoxia', [sat(0, 86), sat(10, 87), sat(12, 95), 21, sat(22, 96)])).toEqual([
      `raised low ${at(0)}`,
      `updated medium ${at(10)}`,
      `acknowledged medium ${at(11)}`,
      `resolved medium ${at(22)}`,
    ]);
  });

  it('AF_RHYTHM_LABEL: sinus labelled inside the snooze, no re-notification during the 30-min resolve', () => {
    const rhythm = (t: number, r: 'af' | 'sinus') => evt('rhythm', t, { rhythm: r, hr: r === 'af' ? 120 : 80 });
    expect(watch('af_rhythm', [rhythm(0, 'af'), 1, rhythm(2.5, 'sinus'), 20, 34])).toEqual([
      `raised high ${new Date(Date.parse(at(0)) + 30_000).toISOString()}`,
      `acknowledged high ${new Date(Date.parse(at(1)) + 30_000).toISOString()}`,
      `resolved high ${at(32.5)}`,
    ]);
  });
});

describe('AF_RHYTHM_LABEL: no re-alarm while AF continues (§6.2, [Drew14])', () => {
  it('an acknowledged AF episode is not re-notified after the 2-min HIGH snooze while AF is still labelled', () => {
    const rhythm = (t: number, r: 'af' | 'sinus') => evt('rhythm', t, { rhythm: r, hr: r === 'af' ? 120 : 80 });
    expect(watch('af_rhythm', [rhythm(0, 'af'), 1, 10, rhythm(20, 'af'), 60])).toEqual([
      `raised high ${new Date(Date.parse(at(0)) + 30_000).toISOString()}`,
      `acknowledged high ${new Date(Date.parse(at(1)) + 30_000).toISOString()}`,
    ]);
  });

  it('an unacknowledged AF alert still escalates (nobody has seen it)', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(evt('rhythm', 0, { rhythm: 'af', hr: 120 }));
    const out = e.tick(at(10));
    expect(out.filter((t) => t.type === 'escalated').map((t) => t.alert.escalationLevel)).toEqual([1, 2]);
  });
});

describe('lab alerts: no re-notification on the snooze timer (a result cannot change before the next draw)', () => {
  const creat = (t: number, value: number) => evt('lab', t, { code: 'CREAT', value, unit: 'mg/dL' });

  it('CREATININE 2.7 mg/dL (R1, MEDIUM) acknowledged: silent for the day until a higher band', () => {
    expect(watch('creatinine', [creat(0, 2.7), 30, 600, creat(720, 2.8), 1440, creat(1441, 3.2)])).toEqual([
      `raised medium ${at(0)}`,
      `acknowledged medium ${at(1)}`,
      `updated high ${at(1441)}`,
    ]);
  });

  it('an unacknowledged lab alert still escalates to the charge nurse', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(creat(0, 2.7));
    expect(e.tick(at(15)).map((t) => `${t.type} ${t.alert.rule} ${t.alert.escalationLevel}`)).toEqual(['escalated creatinine 1']);
  });
});
