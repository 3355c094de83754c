import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { PatientSummary } from './patient-summary';
import { aPatient, aUrineSummary } from '../testing/builders';

describe('PatientSummary', () => {
  const now = Date.parse('2026-11-26T10:10:00Z');

  it('shows the latest values', () => {
    render(<PatientSummary patient={aPatient({ latest: { time: '2026-11-26T10:09:00Z', sbp: 88, dbp: 51, map: 63, hr: 121, spo2: 93 }, lastDataAt: '2026-11-26T10:09:00Z', news2: 6, lastUrineMlPerHour: 22, urine: aUrineSummary({ lastHour: { ml: 22, mlPerKgH: 0.31 } }) })} now={now} />);
    const text = screen.getByTestId('patient-summary').textContent ?? '';
    expect(text).toContain('BP 88/51 (63)');
    expect(text).toContain('HR 121');
    expect(text).toContain('SpO₂ 93%');
    expect(text).toContain('Urine 1 h 22 mL 0.31 mL/kg/h');
    expect(text).toContain('Urine 8 h 480 mL');
    expect(text).toContain('NEWS2 6');
    expect(text).not.toContain('No data');
  });

  it('warns about stale data', () => {
    render(<PatientSummary patient={aPatient({ lastDataAt: '2026-11-26T10:00:00Z' })} now={now} />);
    expect(screen.getByTestId('patient-summary').textContent).toContain('No data for 10 min');
  });
});
