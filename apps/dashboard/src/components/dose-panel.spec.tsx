import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { DoseSchedule } from '@vigil/contracts';
import { BedTile } from './bed-tile';
import { PatientSummary } from '../patient/patient-summary';
import { aPatient, anAlert } from '../testing/builders';
import { dosePanelView, newestGateAlert } from '../ward/dose-panel';

const now = Date.parse('2026-11-26T14:02:00.000Z');
const at = '2026-11-26T14:00:00.000Z';
const gate = (decision: string, message: string, extra: { field: string; value: string }[] = [], over = {}) =>
  anAlert({
    id: `P-7:dose_gate:${at}`,
    rule: 'dose_gate',
    severity: decision === 'PROCEED-CHECK' ? 'low' : decision === 'STOP-REVIEW' ? 'high' : 'medium',
    message,
    updatedAt: at,
    evidence: [
      { eventId: '', time: at, field: 'decision', value: decision },
      { eventId: '', time: at, field: 'doseDue', value: '2026-11-26T16:00:00.000Z' },
      { eventId: '', time: at, field: 'doseNumber', value: 2 },
      { eventId: '', time: at, field: 'checkpoint', value: 'T-2h' },
      ...extra.map((e) => ({ eventId: '', time: at, ...e })),
    ],
    ...over,
  });
/** Dose 2 documented at 16:05: the gate alert closes with the outcome and keeps its decision. */
const documented = (alert: ReturnType<typeof gate>, status: 'given' | 'held') => ({
  ...alert,
  state: 'resolved' as const,
  resolvedAt: '2026-11-26T16:05:00.000Z',
  updatedAt: '2026-11-26T16:05:00.000Z',
  message: `Resolved: dose 2 documented as ${status}`,
  evidence: [...alert.evidence, { eventId: 'd2', time: '2026-11-26T16:05:00.000Z', field: 'outcome', value: status }],
});
const afterDose1: DoseSchedule = { lastDose: { doseNumber: 1, time: '2026-11-26T08:00:00.000Z', status: 'given' }, nextDose: { doseNumber: 2, due: '2026-11-26T16:00:00.000Z' } };
const afterDose2: DoseSchedule = { lastDose: { doseNumber: 2, time: '2026-11-26T16:05:00.000Z', status: 'held' }, nextDose: { doseNumber: 3, due: '2026-11-27T00:05:00.000Z' } };

describe('the dose panel (§10) on the tile and the patient view: gate decision, last dose, next due', () => {
  const missing = gate('HOLD — data missing', 'HOLD — data missing before dose 2 due 2026-11-26T16:00:00.000Z (T-2h): missing: urine covers 0% of the last 8 h (<90%); creatinine older than 24 h (none)', [
    { field: 'why', value: 'missing: urine covers 0% of the last 8 h (<90%); creatinine older than 24 h (none)' },
    { field: 'missing', value: 'urine covers 0% of the last 8 h (<90%)' },
    { field: 'missing', value: 'creatinine older than 24 h (none)' },
  ]);
  const hold = gate('HOLD', 'HOLD before dose 2 due 2026-11-26T16:00:00.000Z (T-2h): relative: hypotension MEDIUM (SBP 84)', [{ field: 'why', value: 'relative: hypotension alert (MEDIUM)' }, { field: 'relative', value: 'hypotension alert (MEDIUM)' }]);

  it('pending: "HOLD — data missing" with what is missing, the dose it is for, and the last dose given', () => {
    render(<BedTile patient={aPatient({ id: 'P-7', dose: afterDose1 })} alerts={[missing]} now={now} onOpen={() => undefined} />);
    const g = screen.getByTestId('dose-gate-P-7');
    expect(g.getAttribute('data-decision')).toBe('HOLD — data missing');
    expect(g.getAttribute('data-outcome')).toBe('pending');
    expect(screen.getByTestId('dose-gate-P-7-decision').textContent).toBe('HOLD — data missing');
    expect(g.textContent).toMatch(/dose 2 due \d\d:\d\d/);
    expect(screen.getByTestId('dose-gate-P-7-why').textContent).toContain('missing: urine covers 0%');
    expect(screen.getByTestId('dose-gate-P-7-schedule').textContent).toMatch(/^Last dose 1 given \d\d:\d\d$/);
  });

  it('documented: the decision the dose was given or held on stays, with its reasons, what was done and the next dose due', () => {
    render(<BedTile patient={aPatient({ id: 'P-7', dose: afterDose2 })} alerts={[]} gateAlert={documented(hold, 'held')} now={now} onOpen={() => undefined} />);
    const g = screen.getByTestId('dose-gate-P-7');
    expect(g.getAttribute('data-outcome')).toBe('held');
    expect(screen.getByTestId('dose-gate-P-7-outcome').textContent).toMatch(/^Dose 2 held \d\d:\d\d$/);
    expect(screen.getByTestId('dose-gate-P-7-decision').textContent).toBe('HOLD');
    expect(screen.getByTestId('dose-gate-P-7-why').textContent).toBe('relative: hypotension alert (MEDIUM)');
    expect(screen.getByTestId('dose-gate-P-7-schedule').textContent).toMatch(/^Next: dose 3 due \d\d:\d\d$/);
  });

  it('reads each decision as the engine stated it; a closed decision about an older dose, or nothing at all, says nothing', () => {
    expect(dosePanelView(afterDose1, hold)?.gate).toMatchObject({ decision: 'HOLD', why: 'relative: hypotension alert (MEDIUM)', doseNumber: 2, outcome: 'pending' });
    expect(dosePanelView(null, gate('PROCEED-CHECK', 'PROCEED-CHECK before dose 2 …: no hold or stop criterion in the latest readings'))?.gate?.decision).toBe('PROCEED-CHECK');
    expect(dosePanelView(null, gate('STOP-REVIEW', 'STOP-REVIEW before dose 2 …: absolute: P2 vasopressors'))?.gate?.decision).toBe('STOP-REVIEW');
    expect(dosePanelView(afterDose2, documented(hold, 'held'))?.gate).toMatchObject({ decision: 'HOLD', outcome: 'held' });
    // Dose 3 documented since, without a gate: the dose 2 decision no longer speaks for the last dose.
    const afterDose3: DoseSchedule = { lastDose: { doseNumber: 3, time: '2026-11-27T00:10:00.000Z', status: 'given' }, nextDose: { doseNumber: 4, due: '2026-11-27T08:10:00.000Z' } };
    expect(dosePanelView(afterDose3, documented(hold, 'given'))).toEqual({ gate: null, last: afterDose3.lastDose, next: afterDose3.nextDose });
    expect(dosePanelView(null, anAlert({ rule: 'hypotension' }))).toBeNull();
    expect(dosePanelView(undefined, undefined)).toBeNull();
    // The open gate wins over a closed one, else the newest.
    const older = documented(gate('PROCEED-CHECK', 'x', [], { id: 'old', updatedAt: '2026-11-26T08:00:00.000Z' }), 'given');
    expect(newestGateAlert([older, hold])?.id).toBe(hold.id);
    expect(newestGateAlert([documented(hold, 'held'), older])?.message).toBe('Resolved: dose 2 documented as held');
    render(<BedTile patient={aPatient({ id: 'P-8' })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.queryByTestId('dose-gate-P-8')).toBeNull();
  });

  it('compact: one line (decision and due time, the reasons in the tooltip), and no badge repeating the open gate', () => {
    render(<BedTile patient={aPatient({ id: 'P-7', dose: afterDose1 })} alerts={[missing, anAlert({ id: 'f', patientId: 'P-7', rule: 'fever' })]} compact now={now} onOpen={() => undefined} />);
    const g = screen.getByTestId('dose-gate-P-7');
    expect(g.textContent).toMatch(/^HOLD — data missing · due \d\d:\d\d$/);
    expect(g.getAttribute('title')).toContain('creatinine older than 24 h');
    expect(screen.queryByTestId('dose-gate-P-7-why')).toBeNull();
    const badges = screen.getByLabelText('Open alerts').textContent ?? '';
    expect(badges).not.toMatch(/dose gate/i);
    expect(badges).toMatch(/fever/i);
  });

  it('a first dose before any gate: last dose and next due only', () => {
    render(<BedTile patient={aPatient({ id: 'P-6', dose: afterDose1 })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('dose-gate-P-6-schedule').textContent).toMatch(/^Last dose 1 given \d\d:\d\d · next: dose 2 due \d\d:\d\d$/);
    expect(screen.queryByTestId('dose-gate-P-6-decision')).toBeNull();
  });

  it('spells out the whole reason above the patient\'s trends, open or documented', () => {
    const { unmount } = render(<PatientSummary patient={aPatient({ id: 'P-7', dose: afterDose1 })} now={now} alerts={[missing]} />);
    expect(screen.getByTestId('patient-dose-gate-decision').textContent).toBe('HOLD — data missing');
    expect(screen.getByTestId('patient-dose-gate-why').textContent).toBe('missing: urine covers 0% of the last 8 h (<90%); creatinine older than 24 h (none)');
    unmount();
    render(<PatientSummary patient={aPatient({ id: 'P-7', dose: afterDose2 })} now={now} alerts={[documented(missing, 'held')]} />);
    expect(screen.getByTestId('patient-dose-gate-outcome').textContent).toMatch(/^Dose 2 held/);
    expect(screen.getByTestId('patient-dose-gate-decision').textContent).toBe('HOLD — data missing');
    expect(screen.getByTestId('patient-dose-gate-why').textContent).toContain('creatinine older than 24 h');
  });
});

describe('artefacts (§10) are shown as such, not dropped and not as alarms', () => {
  it('marks an SBP 0 cuff reading and an HR 0 as artefacts on the tile, not abnormal', () => {
    render(<BedTile patient={aPatient({ id: 'P-9', latest: { time: '2026-11-26T14:01:00Z', sbp: 0, dbp: 0, map: 0, hr: 0, spo2: 97 } })} alerts={[]} now={now} onOpen={() => undefined} />);
    const bp = screen.getByTestId('vital-bp');
    expect(bp.getAttribute('data-artefact')).toBe('true');
    expect(bp.className).not.toContain('vital--abnormal');
    expect(bp.textContent).toContain('0/0');
    expect(bp.textContent).toContain('artefact');
    expect(screen.getByTestId('vital-hr').getAttribute('data-artefact')).toBe('true');
    expect(screen.getByTestId('vital-spo2').getAttribute('data-artefact')).toBeNull();
  });

  it('marks the artefact in the patient summary', () => {
    render(<PatientSummary patient={aPatient({ id: 'P-9', latest: { time: '2026-11-26T14:01:00Z', sbp: 120, dbp: 70, temp: 25 } })} now={now} />);
    expect(screen.getByTestId('artefact-temp').textContent).toContain('artefact');
    expect(screen.queryByTestId('artefact-sbp')).toBeNull();
  });
});
