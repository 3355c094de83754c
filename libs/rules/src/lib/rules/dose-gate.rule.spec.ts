import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { doseGateRecord, type ClinicalEvent } from '@vigil/contracts';
import { replayStream, type StreamItem } from '../replay/offline-replay';
import { RulesEngine } from '../rules-engine';

/** The scenario streams of libs/rules/scenarios, read as the CLI reads them (comment lines skipped). */
function scenario(name: string): StreamItem[] {
  const text = readFileSync(join(__dirname, '../../../scenarios', `${name}.ndjson`), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.includes('"_comment"'))
    .map((l) => JSON.parse(l) as ClinicalEvent);
}

function gateRecords(name: string) {
  return replayStream(scenario(name))
    .filter((t) => t.alert.rule === 'dose_gate')
    .map((t) => ({ type: t.type, record: doseGateRecord(t.alert) }));
}

describe('DOSE_GATE keeps its decision once the dose is documented (§10 "never says nothing")', () => {
  it('a held dose: the closed gate still says HOLD, why, at which checkpoint, and that the dose was held', () => {
    const closed = gateRecords('dose-gate-hold').find((t) => t.type === 'resolved');
    expect(closed?.record).toMatchObject({ decision: 'HOLD', checkpoint: 'T_dose', doseNumber: 2, doseDue: '2026-11-26T16:00:00.000Z', outcome: 'held', outcomeAt: '2026-11-26T16:05:00.000Z' });
    expect(closed?.record?.why).toContain('creatinine');
    expect(closed?.record?.relative.join(' ')).toContain('creatinine');
  });

  it('a given dose after PROCEED-CHECK: the closed gate keeps the decision and the values it used', () => {
    const closed = gateRecords('dose-gate-proceed').find((t) => t.type === 'resolved');
    expect(closed?.record?.decision).toBe('PROCEED-CHECK');
    expect(closed?.record?.outcome).toBe('given');
    expect(closed?.record?.why).toBe('no hold or stop criterion in the latest readings');
  });

  it('no dose documented in time: the gate closes as expired with its last decision', () => {
    const closed = gateRecords('dose-gate-expires').find((t) => t.type === 'resolved');
    expect(closed?.record?.outcome).toBe('expired');
    expect(closed?.record?.why).not.toBe('');
  });

  it('"HOLD — data missing" keeps what was missing after the dose is documented', () => {
    const closed = gateRecords('gate-data-missing').find((t) => t.type === 'resolved');
    expect(closed?.record?.decision).toBe('HOLD — data missing');
    expect(closed?.record?.missing.length).toBeGreaterThan(0);
  });
});

describe('DOSE_GATE: the record of a dose does not depend on arrival order (§10)', () => {
  const records = (name: string) =>
    replayStream(scenario(name))
      .filter((t) => t.alert.rule === 'dose_gate' && (t.type === 'resolved' || t.type === 'cancelled'))
      .map((t) => doseGateRecord(t.alert))
      .filter((r) => r !== null);

  it('a dose documented 5 s before its T − 2 h checkpoint: the same record, given, in order and charted after the checkpoint decided', () => {
    const inOrder = records('gate-dose-before-checkpoint-in-order');
    const late = records('gate-dose-before-checkpoint-charted-late');
    expect(inOrder).toEqual([
      expect.objectContaining({ doseNumber: 2, decision: 'HOLD — data missing', checkpoint: 'at dose', outcome: 'given', outcomeAt: '2026-11-26T13:59:55.000Z', decidedAt: '2026-11-26T13:59:55.000Z' }),
    ]);
    expect(inOrder[0]?.missing.join('; ')).toContain('urine covers');
    // The decision published at 14:00 and withdrawn by the rebuild is no record of the dose.
    expect(late).toEqual(inOrder);
  });

  it('keeps every criterion and every value the gate used when the ward has set all its thresholds (no evidence cut)', () => {
    const at = (h: number) => new Date(Date.parse('2026-11-26T08:00:00.000Z') + h * 3_600_000).toISOString();
    const ev = (id: string, h: number, body: Record<string, unknown>) => ({ id, patientId: 'P1', time: at(h), ...body }) as ClinicalEvent;
    const stream: StreamItem[] = [
      ev('a', -1, { type: 'admit', wardId: 'W', bed: '1', weightKg: 70 }),
      // The ward states all seven of the gate's thresholds (their defaults): seven threshold sources on the record.
      ev('t', -0.9, { type: 'thresholds', scope: 'ward', wardId: 'W', values: { doseIntervalH: 8, doseGatePreH: 2, dosesPerCycle: 14, doseHeldStop: 3, gateVitalsMaxAgeH: 2, gateUrineCoverage: 0.9, gateCreatinineMaxAgeH: 24 }, by: 'pharmacist', reason: 'ward protocol' }),
      ev('d1', 0, { type: 'dose', drug: 'aldesleukin', doseNumber: 1, status: 'given' }),
      ...[1, 2, 3, 4, 5, 6].map((h) => ev(`u${h}`, h - 0.5, { type: 'urine', volumeMl: 3, periodStart: at(h - 1.5) })),
      ev('c', 4, { type: 'lab', code: 'CREAT', value: 4.5, unit: 'mg/dL' }),
      ev('af', 4.5, { type: 'rhythm', rhythm: 'af', hr: 120 }),
      ev('p', 5, { type: 'pressor', drug: 'phenylephrine', rateMcgKgMin: 1.8 }),
      ev('v1', 5.5, { type: 'vitals', sbp: 76, dbp: 40, map: 52, hr: 135, spo2: 84 }),
      ev('v2', 5.75, { type: 'vitals', sbp: 75, dbp: 40, map: 51, hr: 136, spo2: 83 }),
      ev('d2', 6.5, { type: 'dose', drug: 'aldesleukin', doseNumber: 2, status: 'held', reason: 'stop criteria' }),
    ];
    const out = replayStream(stream).filter((t) => t.alert.rule === 'dose_gate');
    const closed = out.find((t) => t.type === 'resolved');
    const record = closed && doseGateRecord(closed.alert);
    expect(record).toMatchObject({ decision: 'STOP-REVIEW', outcome: 'held' });
    const fields = closed!.alert.evidence.map((e) => e.field);
    // Every criterion the decision names is on the record, and every value it used.
    for (const c of [...record!.absolute, ...record!.relative]) expect(record!.why).toContain(c);
    expect(record!.absolute.length).toBeGreaterThanOrEqual(5);
    for (const f of ['sbp', 'map', 'hr', 'spo2', 'creatinine', 'weightKg', 'outcome']) expect(fields).toContain(f);
    expect(fields.filter((f) => f.startsWith('threshold:'))).toHaveLength(7);
  });
});

describe('the dose schedule the bed tile shows (RulesEngine.doseSchedule)', () => {
  it('is null before the first dose, then names the last documented dose and the next one due 8 h after it', () => {
    const engine = new RulesEngine();
    const events = scenario('dose-gate-hold').filter((e): e is ClinicalEvent => e.type !== 'tick');
    engine.process(events[0]);
    expect(engine.doseSchedule('P1')).toBeNull();
    expect(engine.doseSchedule('nobody')).toBeNull();
    engine.process(events.find((e) => e.type === 'dose' && e.doseNumber === 1)!);
    expect(engine.doseSchedule('P1')).toEqual({ lastDose: { doseNumber: 1, time: '2026-11-26T08:00:00.000Z', status: 'given' }, nextDose: { doseNumber: 2, due: '2026-11-26T16:00:00.000Z' } });
    engine.process(events.find((e) => e.type === 'dose' && e.doseNumber === 2)!);
    expect(engine.doseSchedule('P1')).toEqual({ lastDose: { doseNumber: 2, time: '2026-11-26T16:05:00.000Z', status: 'held' }, nextDose: { doseNumber: 3, due: '2026-11-27T00:05:00.000Z' } });
  });
});
