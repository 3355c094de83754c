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
  it('raises one MEDIUM alert on two NIBP readings SBP 84 one minute apart', () => {
    const { out } = run([vitals(0, { sbp: 84 }), vitals(1, { sbp: 84 })]);
    expect(brief(out)).toEqual(['raised hypotension medium active']);
    const a = out[0].alert;
    expect(a.id).toBe(`P1:hypotension:${at(1)}`);
    expect(a.wardId).toBe('W1');
    expect(a.bed).toBe('1');
    expect(a.message).toContain('SBP 84');
    expect(a.evidence.map((x) => x.value)).toEqual([84, 84]);
    expect(a.thresholds).toMatchObject({ version: 1, sbpLow: 90, mapLow: 65 });
  });

  it('does not raise on a single NIBP reading of 84 (sustain not met)', () => {
    expect(run([vitals(0, { sbp: 84 })]).out).toEqual([]);
  });

  it('does not pair readings more than 15 min apart', () => {
    expect(run([vitals(0, { sbp: 84 }), vitals(16, { sbp: 84 })]).out).toEqual([]);
  });

  it('raises HIGH at once on one reading with SBP < 70', () => {
    expect(brief(run([vitals(0, { sbp: 66 })]).out)).toEqual(['raised hypotension high active']);
  });

  it('uses MAP < 65 and MAP < 60 bands', () => {
    expect(brief(run([vitals(0, { sbp: 100, map: 63 }), vitals(5, { sbp: 100, map: 64 })]).out)).toEqual(['raised hypotension medium active']);
    expect(brief(run([vitals(0, { sbp: 100, map: 58 }), vitals(5, { sbp: 100, map: 59 })]).out)).toEqual(['raised hypotension high active']);
  });

  it('raises severity at once when a higher band is met, without a new sustain', () => {
    const { out } = run([vitals(0, { sbp: 85 }), vitals(5, { sbp: 86 }), vitals(10, { sbp: 78 })]);
    expect(brief(out)).toEqual(['raised hypotension medium active', 'updated hypotension high active']);
    expect(out[1].alert.id).toBe(out[0].alert.id);
  });

  it('resolves only after 2 consecutive normal readings (hysteresis), not on one', () => {
    const { out } = run([vitals(0, { sbp: 85 }), vitals(5, { sbp: 86 }), vitals(10, { sbp: 95 }), vitals(15, { sbp: 88 }), vitals(20, { sbp: 95 }), vitals(25, { sbp: 96 })]);
    // Unacknowledged MEDIUM escalates to the charge nurse at 10 min while the condition is latched.
    expect(brief(out)).toEqual(['raised hypotension medium active', 'escalated hypotension medium active', 'resolved hypotension medium resolved']);
    expect(out[1].at).toBe(at(15));
    expect(out[2].at).toBe(at(25));
  });

  it('arterial line needs 60 s of continuous qualifying samples', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [];
    for (let s = 0; s <= 55; s += 5) out.push(...e.process(evt('vitals', s / 60, { sbp: 85, method: 'arterial' })));
    expect(out).toEqual([]);
    out.push(...e.process(evt('vitals', 60 / 60, { sbp: 85, method: 'arterial' })));
    expect(brief(out)).toEqual(['raised hypotension medium active']);
  });

  it('arterial run with a long gap (coverage < 80%) does not sustain', () => {
    const e = new RulesEngine();
    e.process(admit());
    const out = [...e.process(evt('vitals', 0, { sbp: 85, method: 'arterial' })), ...e.process(evt('vitals', 1, { sbp: 85, method: 'arterial' }))];
    expect(out).toEqual([]);
  });

  it('LOW for SBP below 80% of baseline alone', () => {
    const e = new RulesEngine();
    e.process(admit(-60, 'P1', { baseline: { sbp: 130 } }));
    const out = [...e.process(vitals(0, { sbp: 100 })), ...e.process(vitals(5, { sbp: 100 }))];
    expect(brief(out)).toEqual(['raised hypotension low active']);
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
    expect(out[0].alert.message).toMatch(/CRS pattern \(fever active\)$/);
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
    expect(e.process(vitals(12, { sbp: 101 })).filter((t) => t.type === 'resolved')).toHaveLength(1);
  });
});
