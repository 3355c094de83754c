import { RulesEngine } from '../rules-engine';
import { admit, at, brief, evt, vitals } from '../../testing/event-builders';

function run(events: ReturnType<typeof vitals>[], ticks: number[] = []) {
  const e = new RulesEngine();
  const out = [...e.process(admit())];
  for (const ev of events) out.push(...e.process(ev));
  for (const m of ticks) out.push(...e.tick(at(m)));
  return { engine: e, out };
}

describe('HYPOTENSION §6.1', () => {
  it('raises a LOW recheck prompt on the first NIBP reading SBP 84 and confirms MEDIUM on the second (§10)', () => {
    const { out } = run([vitals(0, { sbp: 84 }), vitals(1, { sbp: 84 })]);
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
    expect(out[0].alert.message).toBe('Recheck: SBP 84 mmHg (<90): repeat NIBP within 15 min');
    const a = out[1].alert;
    expect(a.id).toBe(`P1:hypotension:${at(0)}`);
    expect(a.wardId).toBe('W1');
    expect(a.bed).toBe('1');
    expect(a.message).toContain('SBP 84');
    expect(a.evidence.map((x) => x.value)).toEqual([84, 84]);
    expect(a.thresholds).toMatchObject({ version: 1, sbpLow: 90, mapLow: 65 });
  });

  it('a single NIBP reading of 84 is only a recheck prompt; a normal repeat resolves it', () => {
    expect(brief(run([vitals(0, { sbp: 84 })]).out)).toEqual(['raised hypotension low active']);
    expect(brief(run([vitals(0, { sbp: 84 }), vitals(60, { sbp: 104 })]).out)).toEqual(['raised hypotension low active', 'resolved hypotension low resolved']);
  });

  it('pairs readings at any gap up to the 4 h staleness limit, not beyond (§10)', () => {
    expect(brief(run([vitals(0, { sbp: 84 }), vitals(240, { sbp: 84 })]).out)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
    const { out } = run([vitals(0, { sbp: 84 }), vitals(241, { sbp: 84 })]);
    expect(out.filter((t) => t.alert.rule === 'hypotension').map((t) => `${t.type} ${t.alert.severity} ${t.at}`)).toEqual([`raised low ${at(0)}`, `resolved low ${new Date(Date.parse(at(240)) + 1).toISOString()}`, `raised low ${at(241)}`]);
  });

  it('ignores a cuff artefact (SBP 0, DBP ≥ SBP): no prompt, and it does not break a pair (§10)', () => {
    expect(run([vitals(0, { sbp: 0, dbp: 0 }), vitals(1, { sbp: 45, dbp: 50 })]).out).toEqual([]);
    expect(brief(run([vitals(0, { sbp: 84 }), vitals(1, { sbp: 0 }), vitals(2, { sbp: 84 })]).out)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
  });

  it('raises HIGH at once on one reading with SBP < 70', () => {
    expect(brief(run([vitals(0, { sbp: 66 })]).out)).toEqual(['raised hypotension high active']);
  });

  it('uses MAP < 65 and MAP < 60 bands', () => {
    expect(brief(run([vitals(0, { sbp: 100, map: 63 }), vitals(5, { sbp: 100, map: 64 })]).out).at(-1)).toEqual('updated hypotension medium active');
    expect(brief(run([vitals(0, { sbp: 100, map: 58 }), vitals(5, { sbp: 100, map: 59 })]).out).at(-1)).toEqual('updated hypotension high active');
  });

  it('raises severity at once when a higher band is met, without a new sustain', () => {
    const { out } = run([vitals(0, { sbp: 85 }), vitals(5, { sbp: 86 }), vitals(10, { sbp: 78 })]);
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension medium active', 'updated hypotension high active']);
    expect(out[2].alert.id).toBe(out[0].alert.id);
  });

  it('resolves only after 2 consecutive normal readings spanning the 15-min resolve window (hysteresis), not on one', () => {
    const { out } = run([vitals(0, { sbp: 85 }), vitals(5, { sbp: 86 }), vitals(10, { sbp: 95 }), vitals(15, { sbp: 88 }), vitals(20, { sbp: 95 }), vitals(25, { sbp: 96 }), vitals(35, { sbp: 97 })]);
    // Unacknowledged MEDIUM escalates to the charge nurse at 10 min while the condition is latched.
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension medium active', 'escalated hypotension medium active', 'resolved hypotension medium resolved']);
    expect(out[2].at).toBe(at(15));
    // 20 + 25 are 2 normal readings but 5 min of recovery; 35 completes the 15-min window counted from 20.
    expect(out[3].at).toBe(at(35));
    expect(out[3].alert.message).toContain('over 15 min');
  });

  it('arterial line needs 60 s of continuous qualifying samples', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [];
    // The first sample has no previous one: it is a spot value and raises the recheck prompt.
    for (let s = 0; s <= 55; s += 5) out.push(...e.process(evt('vitals', s / 60, { sbp: 85, method: 'arterial' })));
    expect(brief(out)).toEqual(['raised hypotension low active']);
    out.push(...e.process(evt('vitals', 60 / 60, { sbp: 85, method: 'arterial' })));
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
    expect(out[1].alert.message).toMatch(/sustained 60 s \(arterial\)/);
  });

  it('arterial values ≥ 60 s apart are spot values: two of them confirm (§10)', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [...e.process(evt('vitals', 0, { sbp: 85, method: 'arterial' })), ...e.process(evt('vitals', 60, { sbp: 85, method: 'arterial' }))];
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
  });

  it('a continuous arterial run with a gap (coverage < 80%) does not sustain', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [];
    for (const s of [0, 5, 10, 50, 55, 60]) out.push(...e.process(evt('vitals', s / 60, { sbp: 85, method: 'arterial' })));
    expect(brief(out)).toEqual(['raised hypotension low active']);
  });

  it('LOW for SBP below 80% of baseline alone', () => {
    const e = new RulesEngine();
    e.process(admit(-60, 'P1', { baseline: { sbp: 130 } }));
    const out = [...e.process(vitals(0, { sbp: 100 })), ...e.process(vitals(5, { sbp: 100 }))];
    expect(brief(out)).toEqual(['raised hypotension low active', 'updated hypotension low active']);
  });

  it('C3 never keeps a MEDIUM alert open: C1/C2 resolved with C3 holding steps down to LOW, then resolves (§10)', () => {
    const e = new RulesEngine();
    e.process(admit(-60, 'P1', { baseline: { sbp: 130 } }));
    const out = [];
    for (const [m, sbp] of [[0, 84], [30, 84], [60, 98], [90, 98], [120, 110], [150, 112]]) out.push(...e.process(vitals(m, { sbp })));
    expect(out.filter((t) => t.type !== 'escalated').map((t) => `${t.type} ${t.alert.severity} ${t.at}`)).toEqual([
      `raised low ${at(0)}`,
      `updated medium ${at(30)}`,
      `updated low ${at(90)}`,
      `resolved low ${at(150)}`,
    ]);
    expect(out.find((t) => t.at === at(90))?.alert.message).toMatch(/^Stepped down to LOW/);
  });

  it('HIGH when C1 holds on ≥2 vasopressors (P2), MEDIUM on phenylephrine 1.0 (P1)', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [...e.process(evt('pressor', 0, { drug: 'phenylephrine', rateMcgKgMin: 1.0 }))];
    expect(brief(out)).toEqual(['raised hypotension medium active']);
    out.push(...e.process(evt('pressor', 1, { drug: 'norepinephrine', rateMcgKgMin: 0.05 })));
    expect(brief(out).at(-1)).toBe('updated hypotension high active');
  });

  it('MEDIUM becomes HIGH when still active 30 min after acknowledgement', () => {
    const e = new RulesEngine();
    e.process(admit());
    const [raised] = [...e.process(vitals(0, { sbp: 85 })), ...e.process(vitals(5, { sbp: 85 }))];
    e.process(evt('acknowledge', 6, { alertId: raised.alert.id, by: 'dr-a', role: 'physician' }));
    const out = e.tick(at(40));
    expect(brief(out)).toContain('updated hypotension high active');
    expect(out.find((t) => t.alert.severity === 'high')?.at).toBe(at(36));
  });

  // §6.0: after the snooze, notify again only if the condition still holds; §6.1: HIGH if "still active" 30 min after acknowledgement.
  const acknowledgedMedium = () => {
    const e = new RulesEngine();
    e.process(admit());
    const [raised] = [...e.process(vitals(0, { sbp: 85 })), ...e.process(vitals(5, { sbp: 85 }))];
    e.process(evt('acknowledge', 6, { alertId: raised.alert.id, by: 'dr-a', role: 'physician' }));
    return e;
  };
  const timed = (ts: ReturnType<RulesEngine['process']>) => ts.map((t) => `${t.type} ${t.alert.severity} ${t.at}`);

  it('neither re-notifies after the snooze nor escalates to HIGH while the pressure has come back and the resolve window runs', () => {
    const e = acknowledgedMedium();
    // Normal from 10 min, before the snooze ends at 16; held over 15 min by the reading at 25.
    const out = [...e.process(vitals(10, { sbp: 104 })), ...e.tick(at(20)), ...e.process(vitals(25, { sbp: 106 }))];
    expect(timed(out)).toEqual([`resolved medium ${at(25)}`]);
  });

  it('re-notifies at the low reading that ends a recovery begun inside the snooze, then escalates as usual', () => {
    const e = acknowledgedMedium();
    expect(timed([...e.process(vitals(10, { sbp: 104 })), ...e.tick(at(18))])).toEqual([]);
    expect(timed(e.process(vitals(20, { sbp: 86 })))).toEqual([`updated medium ${at(20)}`]);
    // Unacknowledged again: charge nurse at 30; still hypotensive 30 min after the acknowledgement: HIGH at 36.
    expect(timed(e.tick(at(40)))).toEqual([`escalated medium ${at(30)}`, `updated high ${at(36)}`]);
  });

  it('escalates to HIGH at the next low reading when the 30-min acknowledgement escalation fell due during a recovery', () => {
    const e = acknowledgedMedium();
    e.process(vitals(15, { sbp: 86 }));
    const renotified = e.tick(at(16));
    expect(timed(renotified)).toEqual([`updated medium ${at(16)}`]);
    e.process(evt('acknowledge', 17, { alertId: renotified[0].alert.id, by: 'dr-a', role: 'physician' }));
    // Normal from 30: the escalation due at 36 (first acknowledgement + 30 min) waits.
    const waiting = [...e.process(vitals(30, { sbp: 104 })), ...e.tick(at(41))];
    expect(waiting.filter((t) => t.alert.severity === 'high')).toEqual([]);
    const out = e.process(vitals(42, { sbp: 86 }));
    expect(timed(out)).toEqual([`updated high ${at(42)}`]);
    expect(out[0].alert.message).toContain('still active 30 min after acknowledgement');
    expect(out[0].alert.message).toContain('SBP 86');
  });

  it('escalates an acknowledged MEDIUM arterial alert only while the line still reads low', () => {
    // A 5-s arterial line, ticked at every sample as the live service does.
    const line = (e: RulesEngine, from: number, to: number, v: { sbp: number; map: number }) => {
      const out = [];
      for (let s = from * 60; s <= to * 60; s += 5) out.push(...e.tick(at(s / 60)), ...e.process(vitals(s / 60, { ...v, method: 'arterial' })));
      return out;
    };
    const low = { sbp: 86, map: 62 };
    const ackAndWatch = (backAt: number) => {
      const e = new RulesEngine();
      e.process(admit());
      const raised = line(e, 0, 2, low).filter((t) => t.alert.rule === 'hypotension');
      expect(raised.at(-1)?.alert.severity).toBe('medium');
      e.process(evt('acknowledge', 3, { alertId: raised[0].alert.id, by: 'dr-a', role: 'physician' }));
      return brief([...line(e, 2 + 5 / 60, backAt - 5 / 60, low), ...line(e, backAt, 60, { sbp: 110, map: 80 })]).filter((b) => !b.startsWith('escalated') && b !== 'updated hypotension medium active');
    };
    // Back to normal from 30 min: the 33-min escalation falls inside the 15-min arterial resolve window.
    expect(ackAndWatch(30)).toEqual(['resolved hypotension medium resolved']);
    // Still low at 33 min: HIGH, then the recovery from 40 min resolves it.
    expect(ackAndWatch(40)).toEqual(['updated hypotension high active', 'resolved hypotension high resolved']);
  });

  it('does not resolve while a vasopressor was raised in the last 60 min', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 85 }));
    e.process(vitals(5, { sbp: 85 }));
    e.process(evt('pressor', 10, { drug: 'norepinephrine', rateMcgKgMin: 0.05 }));
    e.process(evt('pressor', 11, { drug: 'norepinephrine', rateMcgKgMin: 0 }));
    const resolved = (ts: ReturnType<RulesEngine['process']>) => ts.filter((t) => t.type === 'resolved');
    expect(resolved(e.process(vitals(20, { sbp: 100 })))).toEqual([]);
    expect(resolved(e.process(vitals(30, { sbp: 100 })))).toEqual([]);
    expect(e.activeAlerts('P1')).toHaveLength(1);
    expect(resolved(e.process(vitals(80, { sbp: 100 })))).toHaveLength(1);
    expect(e.activeAlerts('P1')).toEqual([]);
  });
});

describe('HYPOTENSION with fever (§6.10 CRS pattern)', () => {
  it('tags the message when FEVER is active, and only then', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { temp: 39.3 }));
    e.process(vitals(30, { temp: 39.4 }));
    expect(e.activeAlerts('P1').map((a) => a.rule)).toEqual(['fever']);
    const out = [...e.process(vitals(31, { sbp: 84 })), ...e.process(vitals(32, { sbp: 84 }))].filter((t) => t.alert.rule === 'hypotension');
    expect(out[1].alert.message).toMatch(/CRS pattern \(fever active\)$/);
    const calm = new RulesEngine();
    calm.process(admit());
    const plain = [...calm.process(vitals(31, { sbp: 84 })), ...calm.process(vitals(32, { sbp: 84 }))];
    expect(plain[0].alert.message).not.toMatch(/CRS/);
  });
});

describe('HYPOTENSION with both an arterial line and NIBP', () => {
  it('a low arterial sample between two normal cuff readings prevents the NIBP resolve', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 84 }));
    e.process(vitals(1, { sbp: 84 }));
    e.process(vitals(5, { sbp: 100 }));
    e.process(evt('vitals', 6, { sbp: 82, method: 'arterial' }));
    const out = e.process(vitals(10, { sbp: 100 }));
    expect(out.filter((t) => t.type === 'resolved')).toEqual([]);
    expect(e.process(vitals(12, { sbp: 101 })).filter((t) => t.type === 'resolved')).toEqual([]);
    // The run restarted at 10 (after the arterial low): it resolves once it spans 15 min.
    expect(e.process(vitals(25, { sbp: 101 })).filter((t) => t.type === 'resolved')).toHaveLength(1);
  });
});
