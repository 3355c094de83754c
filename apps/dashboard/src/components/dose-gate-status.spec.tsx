import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { BedTile } from './bed-tile';
import { PatientSummary } from '../patient/patient-summary';
import { aPatient, anAlert } from '../testing/builders';
import { doseGateView } from '../ward/dose-gate-decision';

const now = Date.parse('2026-11-26T14:02:00.000Z');
const at = '2026-11-26T14:00:00.000Z';
const gate = (decision: string, message: string, extra: { field: string; value: string }[] = [], over = {}) =>
  anAlert({
    id: `P-7:dose_gate:${at}`,
    rule: 'dose_gate',
    severity: decision === 'PROCEED-CHECK' ? 'low' : decision === 'STOP-REVIEW' ? 'high' : 'medium',
    message,
    evidence: [
      { eventId: '', time: at, field: 'decision', value: decision },
      { eventId: '', time: at, field: 'doseDue', value: '2026-11-26T16:00:00.000Z' },
      { eventId: '', time: at, field: 'doseNumber', value: 2 },
      { eventId: '', time: at, field: 'checkpoint', value: 'T-2h' },
      ...extra.map((e) => ({ eventId: '', time: at, ...e })),
    ],
    ...over,
  });

describe('dose gate decision (§10) on the tile and the patient view', () => {
  const missing = gate('HOLD — data missing', 'HOLD — data missing before dose 2 due 2026-11-26T16:00:00.000Z (T-2h): missing: urine covers 0% of the last 8 h (<90%); creatinine older than 24 h (none)', [
    { field: 'missing', value: 'urine covers 0% of the last 8 h (<90%)' },
    { field: 'missing', value: 'creatinine older than 24 h (none)' },
  ]);

  it('shows "HOLD — data missing" with what is missing and the dose it is for', () => {
    render(<BedTile patient={aPatient({ id: 'P-7' })} alerts={[missing]} now={now} onOpen={() => undefined} />);
    const g = screen.getByTestId('dose-gate-P-7');
    expect(g.getAttribute('data-decision')).toBe('HOLD — data missing');
    expect(screen.getByTestId('dose-gate-P-7-decision').textContent).toBe('HOLD — data missing');
    expect(g.textContent).toMatch(/dose 2 due \d\d:\d\d/);
    expect(screen.getByTestId('dose-gate-P-7-why').textContent).toContain('missing: urine covers 0%');
  });

  it('shows HOLD with its reason, PROCEED-CHECK and STOP-REVIEW as the engine decided them, and nothing without an open gate', () => {
    const hold = gate('HOLD', 'HOLD before dose 2 due 2026-11-26T16:00:00.000Z (T-2h): relative: hypotension MEDIUM (SBP 84)');
    expect(doseGateView([hold])).toMatchObject({ decision: 'HOLD', why: 'relative: hypotension MEDIUM (SBP 84)', doseNumber: 2 });
    expect(doseGateView([gate('PROCEED-CHECK', 'PROCEED-CHECK before dose 2 …: no hold or stop criterion in the latest readings')])?.decision).toBe('PROCEED-CHECK');
    expect(doseGateView([gate('STOP-REVIEW', 'STOP-REVIEW before dose 2 …: absolute: P2 vasopressors')])?.decision).toBe('STOP-REVIEW');
    expect(doseGateView([{ ...hold, state: 'resolved' }])).toBeNull();
    expect(doseGateView([anAlert({ rule: 'hypotension' })])).toBeNull();
    render(<BedTile patient={aPatient({ id: 'P-8' })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.queryByTestId('dose-gate-P-8')).toBeNull();
  });

  it('spells out the whole reason above the patient\'s trends', () => {
    render(<PatientSummary patient={aPatient({ id: 'P-7' })} now={now} alerts={[missing]} />);
    expect(screen.getByTestId('patient-dose-gate-decision').textContent).toBe('HOLD — data missing');
    expect(screen.getByTestId('patient-dose-gate-why').textContent).toBe('missing: urine covers 0% of the last 8 h (<90%); creatinine older than 24 h (none)');
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
