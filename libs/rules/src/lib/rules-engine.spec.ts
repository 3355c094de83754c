import { RulesEngine } from './rules-engine';
import { PatientEngine } from './engine/patient-engine';
import { defaultThresholds } from './threshold-set';
import { admit, at, brief, evt, vitals } from '../testing/event-builders';

function raiseHypotension(e: RulesEngine, patientId = 'P1', start = 0) {
  e.process(admit(start - 60, patientId));
  e.process(vitals(start, { sbp: 84 }, patientId));
  return e.process(vitals(start + 1, { sbp: 84 }, patientId))[0].alert;
}

describe('RulesEngine lifecycle (§6.0)', () => {
  it('exposes the default threshold set, versioned', () => {
    const d = defaultThresholds();
    expect(d.version).toBe(1);
    expect(d.values.sbpLow).toBe(90);
    d.values.sbpLow = 1;
    expect(defaultThresholds().values.sbpLow).toBe(90);
  });

  it('acknowledge sets state, who and note, and does not resolve', () => {
    const e = new RulesEngine();
    const a = raiseHypotension(e);
    const out = e.process(evt('acknowledge', 2, { alertId: a.id, by: 'dr-a', role: 'physician', note: 'fluids', disposition: 'fluids-given' }));
    expect(brief(out)).toEqual(['acknowledged hypotension medium acknowledged']);
    expect(out[0].alert).toMatchObject({ acknowledgedBy: 'dr-a', ackNote: 'fluids', ackDisposition: 'fluids-given', acknowledgedAt: at(2) });
    expect(e.activeAlerts('P1')).toHaveLength(1);
  });

  it('ignores an acknowledge for an unknown alert and a repeated acknowledge', () => {
    const e = new RulesEngine();
    const a = raiseHypotension(e);
    expect(e.process(evt('acknowledge', 2, { alertId: 'nope', by: 'x', role: 'nurse' }))).toEqual([]);
    expect(e.process(evt('acknowledge', 2, { alertId: a.id, by: 'x', role: 'nurse' }))).toHaveLength(1);
    expect(e.process(evt('acknowledge', 3, { alertId: a.id, by: 'y', role: 'nurse' }))).toEqual([]);
  });

  it('escalates unacknowledged HIGH at 2 and 5 min, stamped with the due time', () => {
    const e = new RulesEngine();
    e.process(admit());
    const [raised] = e.process(vitals(0, { sbp: 60 }));
    expect(raised.alert.severity).toBe('high');
    expect(e.tick(at(1))).toEqual([]);
    const out = e.tick(at(6));
    expect(out.map((t) => [t.type, t.at, t.alert.escalationLevel])).toEqual([
      ['escalated', at(2), 1],
      ['escalated', at(5), 2],
    ]);
    expect(e.tick(at(7))).toEqual([]);
  });

  it('escalates MEDIUM once at 10 min and never LOW', () => {
    const e = new RulesEngine();
    raiseHypotension(e);
    expect(e.tick(at(10.5))).toEqual([]);
    expect(brief(e.tick(at(11)))).toEqual(['escalated hypotension medium active']);
    expect(e.tick(at(60)).filter((t) => t.type === 'escalated')).toEqual([]);
  });

  it('does not escalate an acknowledged alert; re-notifies after the snooze if the condition still holds', () => {
    const e = new RulesEngine();
    const a = raiseHypotension(e);
    e.process(evt('acknowledge', 2, { alertId: a.id, by: 'n', role: 'nurse' }));
    expect(e.tick(at(11))).toEqual([]);
    const out = e.tick(at(12));
    expect(brief(out)).toEqual(['updated hypotension medium active']);
    expect(out[0].at).toBe(at(12));
  });

  it('ignores duplicate events (same id)', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 84 }, 'P1', 'dup'));
    expect(e.process(vitals(1, { sbp: 84 }, 'P1', 'dup'))).toEqual([]);
  });

  it('routes by patient: two patients do not pair their readings', () => {
    const e = new RulesEngine();
    e.process(admit(-60, 'A'));
    e.process(admit(-60, 'B'));
    // Each patient gets only the recheck prompt of its own first reading; nothing is confirmed.
    const out = [...e.process(vitals(0, { sbp: 84 }, 'A')), ...e.process(vitals(1, { sbp: 84 }, 'B'))];
    expect(out.map((t) => `${t.type} ${t.alert.patientId} ${t.alert.severity}`)).toEqual(['raised A low', 'raised B low']);
  });

  it('applies ward overrides to patients of that ward only, and patient overrides on top, recording the version', () => {
    const e = new RulesEngine();
    e.process(admit(-60, 'A'));
    e.process(admit(-60, 'B', { wardId: 'W2' }));
    e.process(evt('thresholds', -30, { scope: 'ward', wardId: 'W1', values: { sbpLow: 95 }, by: 'admin', reason: 'local policy' }, 'A'));
    expect(e.thresholdsFor('A')).toMatchObject({ version: 2, values: { sbpLow: 95 } });
    expect(e.thresholdsFor('B')).toMatchObject({ version: 1, values: { sbpLow: 90 } });
    e.process(evt('thresholds', -20, { scope: 'patient', values: { sbpLow: 85, bogus: 3 }, by: 'dr', reason: 'target 85' }, 'B'));
    expect(e.thresholdsFor('B').values.sbpLow).toBe(85);
    expect((e.thresholdsFor('B').values as unknown as Record<string, number>)['bogus']).toBeUndefined();
    const out = [...e.process(vitals(0, { sbp: 92 }, 'A')), ...e.process(vitals(1, { sbp: 92 }, 'A')), ...e.process(vitals(0, { sbp: 87 }, 'B')), ...e.process(vitals(1, { sbp: 87 }, 'B'))];
    expect(out.map((t) => [t.alert.patientId, t.alert.thresholds.version, t.alert.thresholds['sbpLow']])).toEqual([['A', 2, 95], ['A', 2, 95]]);
    // The alert names the change in force: who, when and why (§4.5 audit).
    expect(out[1].alert.evidence.find((x) => x.field === 'threshold:sbpLow')).toMatchObject({ time: at(-30), value: '95 set by admin: local policy' });
  });

  it('a ward threshold change moves due timers at once, even for a patient who sends nothing more', () => {
    const e = new RulesEngine();
    const a = raiseHypotension(e);
    // MEDIUM escalates 10 min after it opened; the ward shortens that to 3 min.
    e.process(evt('thresholds', 2, { scope: 'ward', wardId: 'W1', values: { escalateMediumMin: 3 }, by: 'admin', reason: 'night staffing' }, 'P1'));
    const out = e.tick(at(4.5));
    expect(out.map((t) => [t.type, t.alert.id, t.at])).toEqual([['escalated', a.id, at(4)]]);
  });

  it('engine-wide overrides from the constructor', () => {
    const e = new RulesEngine({ thresholds: { sbpLow: 100 } });
    expect(e.thresholdsFor('X')).toMatchObject({ version: 2, values: { sbpLow: 100 } });
  });

  it('re-evaluates a late event on its effective time and raises retroactively', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 120 }));
    e.process(vitals(30, { sbp: 120 }));
    // The reading at minute 5 arrives last: SBP 66 raises at once (single reading <70); 30 is then one good reading.
    const out = e.process(vitals(5, { sbp: 66 }));
    // The replayed alert is reported once, with what happened to it meanwhile (escalated at minutes 7 and 10).
    expect(brief(out)).toEqual(['raised hypotension high active']);
    expect(out[0].alert.escalationLevel).toBe(2);
    expect(out[0].alert.id).toBe(`P1:hypotension:${at(5)}`);
    expect(out[0].at).toBe(at(5));
    expect(out[0].effectiveAt).toBe(at(5));
    expect(out[0].recordedAt).toBe(at(30));
  });

  it('answers a tick with nothing due anywhere without visiting patients, and a late event still re-ticks up to it', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 120 }));
    e.process(vitals(4, { sbp: 120 }));
    const visit = jest.spyOn(PatientEngine.prototype, 'tick');
    expect(e.tick(at(20))).toEqual([]);
    expect(visit).not.toHaveBeenCalled();
    visit.mockRestore();
    // SBP 66 at minute 2 raises HIGH at once, and by the tick at 20 it had escalated at 4 and 7.
    const out = e.process(vitals(2, { sbp: 66 }));
    expect(brief(out)).toEqual(['raised hypotension high active']);
    expect(out[0].alert.escalationLevel).toBe(2);
    // The next tick visits again and finds nothing new.
    expect(e.tick(at(21))).toEqual([]);
  });

  it('cancels an alert when a late event removes its condition', () => {
    const e = new RulesEngine();
    e.process(admit());
    e.process(vitals(0, { sbp: 84 }));
    const raised = e.process(vitals(10, { sbp: 84 }));
    expect(brief(raised)).toEqual(['updated hypotension medium active']);
    // A normal reading at minute 5 breaks the consecutive pair: the prompt of minute 0 resolves at 5,
    // and minute 10 is only a new prompt.
    const out = e.process(vitals(5, { sbp: 120 }));
    expect(out.map((t) => `${t.type} ${t.alert.severity} ${t.alert.id}`)).toEqual([`resolved low P1:hypotension:${at(0)}`, `raised low P1:hypotension:${at(10)}`]);
  });

  it('restore() rebuilds the same open alerts as live processing', () => {
    const events = [admit(), vitals(0, { sbp: 84 }), vitals(1, { sbp: 84 })];
    const live = new RulesEngine();
    for (const ev of events) live.process(ev);
    const rebuilt = new RulesEngine();
    expect(rebuilt.restore([...events].reverse())).toEqual(live.activeAlerts());
  });

  it('NEWS2 per patient from the latest vitals', () => {
    const e = new RulesEngine();
    expect(e.news2('P1')).toBeNull();
    e.process(admit());
    e.process(vitals(0, { rr: 22, spo2: 95, sbp: 105, hr: 115, temp: 38.5, o2FlowLpm: 0 }));
    // rr 2 + spo2 1 + air 0 + sbp 1 + hr 2 + temp 1 = 7
    expect(e.news2('P1')).toBe(7);
    expect(e.news2Detail('P1')?.band).toBe('high');
  });

  it('NEWS2 air-or-oxygen term from the charted device and FiO2 (§10 "Oxygen"), not only a flow', () => {
    const e = new RulesEngine();
    e.process(admit());
    // A nasal cannula charted without a flow is oxygen: the air term scores 2.
    e.process(vitals(0, { spo2: 97, o2Device: 'nasal-cannula' }));
    expect(e.news2Detail('P1')?.parts.air).toBe(2);
    // Room air charted says air, whatever a flow charted before said.
    e.process(vitals(10, { spo2: 97, o2FlowLpm: 2 }));
    e.process(vitals(20, { spo2: 97, o2Device: 'room-air' }));
    expect(e.news2Detail('P1')?.parts.air).toBe(0);
    // FiO2 above 21% alone says oxygen.
    const f = new RulesEngine();
    f.process(admit());
    f.process(vitals(0, { spo2: 96, fio2Pct: 28 }));
    expect(f.news2Detail('P1')?.parts.air).toBe(2);
  });
});

describe('replay across the history horizon', () => {
  const H = 60;
  it('keeps an alert opened before the pruned horizon open when a late event triggers a replay', () => {
    const e = new RulesEngine({ historyHours: 1 });
    e.process(admit());
    const raised = [...e.process(vitals(0, { sbp: 84 })), ...e.process(vitals(1, { sbp: 84 }))];
    expect(brief(raised)).toEqual(['raised hypotension low active', 'updated hypotension medium active']);
    e.process(evt('acknowledge', 2, { alertId: raised[0].alert.id, by: 'dr', role: 'physician' }));
    // Many hours of (still low) readings: the raising readings fall out of the 1 h history.
    for (let m = 5; m <= 10 * H; m += 1) e.process(vitals(m, { sbp: 86, hr: 80 }));
    const late = e.process(vitals(10 * H - 5, { sbp: 86, hr: 81 }));
    expect(late.filter((t) => t.type === 'resolved')).toEqual([]);
    expect(e.activeAlerts('P1').map((a) => a.id)).toEqual([raised[0].alert.id]);
  });

  it('carries the AF_RR detector and its alert across a replay triggered by a late vitals event', () => {
    const e = new RulesEngine();
    e.process(admit());
    let seed = 3;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let t = 0;
    const out = [];
    for (let b = 0; b < 4; b++) {
      const rr = Array.from({ length: 60 }, () => Math.round(450 + rnd() * 600));
      t += rr.reduce((a, x) => a + x, 0) / 60_000;
      out.push(...e.process(evt('rr', t, { intervalsMs: rr })));
    }
    expect(brief(out)).toEqual(['raised af_rr medium active']);
    e.process(vitals(t + 1, { hr: 80 }));
    const late = e.process(vitals(t - 1, { hr: 81 }));
    expect(late).toEqual([]);
    expect(e.activeAlerts('P1').map((a) => a.rule)).toEqual(['af_rr']);
  });
});

describe('RulesEngine memory: discharged patients', () => {
  it('drops a discharged patient once the late-data horizon (6 h) has passed, keeps a readmitted one', () => {
    const e = new RulesEngine();
    raiseHypotension(e, 'P1');
    raiseHypotension(e, 'P2');
    e.process(evt('discharge', 10, {} as never, 'P1'));
    e.process(evt('discharge', 10, {} as never, 'P2'));
    e.process(admit(20, 'P2'));
    expect(e.activeAlerts('P1')).toEqual([]);
    e.tick(at(10 + 6 * 60 - 1));
    expect(e.patientCount).toBe(2); // within the horizon: a late event could still be re-evaluated
    e.tick(at(10 + 6 * 60 + 1));
    expect(e.patientCount).toBe(1);
    expect(e.activeAlerts('P2').map((a) => a.rule)).toEqual(['data_gap']); // still monitored: no data for 6 h
    expect(e.thresholdsFor('P2')).toBeDefined();
  });
});
