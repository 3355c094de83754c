import { describe, expect, it } from 'vitest';
import { connectionProblem, evidenceValue, fieldLabel, humanizeText } from './human-text';
import { formatAgo, formatClock, formatDateTime } from './time-format';

describe('human text', () => {
  it('names fields as clinicians do, never as machine field names', () => {
    expect(fieldLabel('sbp')).toBe('SBP');
    expect(fieldLabel('volumeMl')).toBe('Urine');
    expect(fieldLabel('last_vitals')).toBe('Last vitals');
    expect(fieldLabel('someNewField')).toBe('Some new field');
    expect(fieldLabel('type')).toBe('Event');
  });

  it('gives values their unit and machine times the ward’s local time', () => {
    expect(evidenceValue('sbp', 84, 'UTC')).toBe('84 mmHg');
    expect(evidenceValue('temp', 38.45, 'UTC')).toBe('38.5 °C');
    expect(evidenceValue('last_urine', '2026-12-03T21:45:50.058Z', 'Europe/Paris')).toMatch(/^(22:45|3 Dec 22:45)$/);
    expect(humanizeText('onset 2026-12-03T21:49:48.211Z', 'Europe/Paris')).toMatch(/^onset (22:49|3 Dec 22:49)$/);
  });

  it('shows times in the ward’s zone and never a negative age', () => {
    expect(formatClock('2026-11-26T10:00:05Z', 'Europe/Paris')).toBe('11:00:05');
    expect(formatClock('2026-11-26T10:00:05Z', 'America/New_York')).toBe('05:00:05');
    expect(formatDateTime('2026-11-26T23:30:00Z', 'Europe/Paris')).toBe('27 Nov 00:30');
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(formatAgo('2026-11-26T09:57:00Z', now)).toBe('3 min ago');
    expect(formatAgo('2026-11-27T10:00:00Z', now)).toBe('just now');
  });

  it('says what a connection problem means in plain words', () => {
    expect(connectionProblem('xhr poll error')).toBe('Cannot reach the Vigil server (network or server down). Retrying automatically.');
    expect(connectionProblem('websocket error')).toMatch(/^Cannot reach the Vigil server/);
    expect(connectionProblem('ping timeout')).toMatch(/went quiet/);
    expect(connectionProblem('you are not assigned to ward W-2')).toBe('You are not assigned to ward W-2');
    expect(connectionProblem(null)).toBeNull();
  });
});
