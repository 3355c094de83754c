import { PeopleContext } from '../app/people';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { AlertRow } from './alert-row';
import { AlertQueue } from './alert-queue';
import { anAlert, nurse, physician } from '../testing/builders';

const now = Date.parse('2026-11-26T10:12:00.000Z');

describe('AlertRow', () => {
  const alert = anAlert({ id: 'A1', severity: 'high', state: 'active', openedAt: '2026-11-26T10:00:00.000Z', message: 'SBP 84 mmHg (<90) sustained 2 readings' });

  it('shows message, evidence and age, with state and severity attributes', () => {
    render(
      <ol>
        <AlertRow alert={alert} now={now} patientLabel="Ada" />
      </ol>,
    );
    const row = screen.getByTestId('alert-row-A1');
    expect(row.getAttribute('data-state')).toBe('active');
    expect(row.getAttribute('data-severity')).toBe('high');
    expect(row.textContent).toContain('SBP 84 mmHg (<90) sustained 2 readings');
    expect(row.textContent).toContain('SBP 84 mmHg at 10:00');
    expect(row.textContent).not.toContain('sbp');
    expect(row.textContent).toContain('12 min');
    expect(row.textContent).toContain('Ada');
    expect(screen.queryByTestId('ack-button-A1')).toBeNull();
  });

  it('says "charted late" with both times on an alert late data raised, and why a cancelled alert closed', () => {
    const late = anAlert({ id: 'L1', state: 'cancelled', openedAt: '2026-11-26T09:30:00.000Z', resolvedAt: '2026-11-26T10:05:00.000Z', chartedLate: { effectiveAt: '2026-11-26T09:30:00.000Z', recordedAt: '2026-11-26T10:02:00.000Z' } });
    render(
      <ol>
        <AlertRow alert={late} now={now} />
        <AlertRow alert={alert} now={now} />
      </ol>,
    );
    expect(screen.getByTestId('charted-late-L1').textContent).toBe('Charted late: happened 09:30, recorded 10:02 (32 min later)');
    expect(screen.getByTestId('cancelled-note-L1').textContent).toMatch(/^Cancelled 10:05 .*: late or corrected data no longer show it$/);
    expect(screen.getByTestId('alert-row-L1').textContent).not.toContain('Resolved');
    expect(screen.queryByTestId('charted-late-A1')).toBeNull();
  });

  it('lets a physician acknowledge', () => {
    const onAcknowledge = vi.fn();
    render(
      <ol>
        <AlertRow alert={alert} now={now} ack={{ allowed: true, reason: null, onAcknowledge }} />
      </ol>,
    );
    const button = screen.getByTestId('ack-button-A1') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(onAcknowledge).toHaveBeenCalledWith(alert);
  });

  it('shows who acknowledged, the decision and the note in history', () => {
    render(
      <PeopleContext.Provider value={new Map([['physician', 'Dr. Demo Physician']])}>
        <ol>
          <AlertRow alert={{ ...alert, state: 'acknowledged', acknowledgedAt: '2026-11-26T10:05:00Z', acknowledgedBy: 'physician', ackNote: 'bolus given', ackDisposition: 'fluids-given' }} now={now} />
        </ol>
      </PeopleContext.Provider>,
    );
    const row = screen.getByTestId('alert-row-A1');
    expect(row.getAttribute('data-state')).toBe('acknowledged');
    expect(row.textContent).toContain('by Dr. Demo Physician');
    expect(row.textContent).not.toContain('by physician');
    expect(row.textContent).toContain('Fluids given');
    expect(row.textContent).toContain('bolus given');
  });
});

describe('AlertQueue', () => {
  const alerts = [anAlert({ id: 'A1' }), anAlert({ id: 'A2', severity: 'medium' })];

  it('disables acknowledge for a nurse and says why, once for the list', () => {
    render(<AlertQueue alerts={alerts} now={now} user={nurse} patientLabel={() => undefined} onAcknowledge={() => undefined} onOpenPatient={() => undefined} />);
    for (const id of ['A1', 'A2']) {
      const button = screen.getByTestId(`ack-button-${id}`) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      const reason = document.getElementById(button.getAttribute('aria-describedby') ?? '');
      expect(reason?.textContent).toContain('Only a physician can acknowledge (you are signed in as nurse)');
    }
    expect(screen.getAllByText(/Only a physician can acknowledge/)).toHaveLength(1);
  });

  it('shows the reason on the row itself when used alone', () => {
    render(
      <ol>
        <AlertRow alert={anAlert({ id: 'A9' })} now={now} ack={{ allowed: false, reason: 'Only a physician can acknowledge.', onAcknowledge: () => undefined }} />
      </ol>,
    );
    const button = screen.getByTestId('ack-button-A9') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Only a physician can acknowledge.');
  });

  it('enables acknowledge for a physician', () => {
    render(<AlertQueue alerts={alerts} now={now} user={physician} patientLabel={() => undefined} onAcknowledge={() => undefined} onOpenPatient={() => undefined} />);
    expect((screen.getByTestId('ack-button-A1') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByText(/Only a physician/)).toBeNull();
  });

  it('renders in the order given (the caller sorts)', () => {
    render(<AlertQueue alerts={[...alerts].reverse()} now={now} user={physician} patientLabel={() => undefined} onAcknowledge={() => undefined} onOpenPatient={() => undefined} />);
    const ids = [...document.querySelectorAll('[data-testid^="alert-row-"]')].map((e) => e.getAttribute('data-testid'));
    expect(ids).toEqual(['alert-row-A2', 'alert-row-A1']);
  });
});
