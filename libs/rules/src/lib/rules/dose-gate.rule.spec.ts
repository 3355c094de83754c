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
