import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { BedTile } from './bed-tile';
import { aPatient, anAlert, aUrineSummary } from '../testing/builders';

const now = Date.parse('2026-11-26T10:02:00.000Z');

describe('BedTile', () => {
  it('shows the patient, latest vitals, urine and NEWS2', () => {
    render(<BedTile patient={aPatient({ id: 'P-7', bed: '12', displayName: 'Grace Hopper', latest: { time: '2026-11-26T10:01:00Z', sbp: 84, dbp: 50, map: 61, hr: 118, spo2: 94, rr: 22, temp: 38.4, o2FlowLpm: 3 }, urine: aUrineSummary({ lastHour: { ml: 20, mlPerKgH: 0.29 } }), news2: 7 })} alerts={[]} now={now} onOpen={() => undefined} />);
    const tile = screen.getByTestId('bed-tile-P-7');
    expect(tile.textContent).toContain('Bed 12');
    expect(tile.textContent).toContain('Grace Hopper');
    expect(tile.textContent).toContain('84/50');
    expect(tile.textContent).toContain('(61)');
    expect(tile.textContent).toContain('118');
    expect(tile.textContent).toContain('94');
    expect(screen.getByTestId('vital-urine-hour').textContent).toBe('Urine 1 h20 mL0.29 mL/kg/h');
    expect(screen.getByTestId('vital-urine-hour').className).toContain('vital--abnormal');
    expect(screen.getByTestId('vital-urine-shift').textContent).toBe('Urine 8 h480 mLmin 160');
    expect(screen.getByTestId('vital-rr').textContent).toBe('RR /min22');
    expect(screen.getByTestId('vital-temp').textContent).toBe('Temp °C38.4');
    expect(screen.getByTestId('vital-temp').className).toContain('vital--abnormal');
    expect(screen.getByTestId('vital-spo2').textContent).toBe('SpO₂ %943 L/min O₂');
    expect(screen.getByTestId('vital-news2').textContent).toBe('NEWS27');
    expect(tile.textContent).toContain('No open alerts');
    expect(screen.queryByTestId('stale-P-7')).toBeNull();
  });

  it('colours badges by priority and marks the tile with its most urgent alert', () => {
    render(
      <BedTile
        patient={aPatient({ id: 'P-1', lastDataAt: '2026-11-26T10:01:00Z' })}
        alerts={[anAlert({ id: 'h', severity: 'high', rule: 'hypotension' }), anAlert({ id: 'l', severity: 'low', rule: 'fever' })]}
        now={now}
        onOpen={() => undefined}
      />,
    );
    const tile = screen.getByTestId('bed-tile-P-1');
    expect(tile.getAttribute('data-alert-level')).toBe('high');
    const badges = tile.querySelectorAll('.badge');
    expect([...badges].map((b) => b.getAttribute('data-severity'))).toEqual(['high', 'low']);
    expect(badges[0].className).toContain('badge--high');
    expect(badges[1].className).toContain('badge--low');
  });

  it('shows one badge per rule with a count', () => {
    render(
      <BedTile
        patient={aPatient({ id: 'P-1' })}
        alerts={[anAlert({ id: 'h1', rule: 'hypotension' }), anAlert({ id: 'h2', rule: 'hypotension', state: 'acknowledged' }), anAlert({ id: 'f', rule: 'fever', severity: 'low' })]}
        now={now}
        onOpen={() => undefined}
      />,
    );
    const badges = [...screen.getByTestId('bed-tile-P-1').querySelectorAll('.badge')].map((b) => b.textContent);
    expect(badges).toEqual(['High priority Hypotension ×2', 'Low priority Fever']);
  });

  it('says the data is stale after 5 minutes of silence', () => {
    render(<BedTile patient={aPatient({ id: 'P-1', lastDataAt: '2026-11-26T09:55:00Z' })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('stale-P-1').textContent).toContain('No data for 7 min');
    expect(screen.getByTestId('bed-tile-P-1').className).toContain('tile--stale');
  });

  it('says so when a bed never sent data', () => {
    render(<BedTile patient={aPatient({ id: 'P-1', latest: null, lastDataAt: null })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('stale-P-1').textContent).toContain('No data received');
  });

  it('urine: "—" only when none is charted, "awaiting first hour" before the first hour completes, a shift below its threshold flagged', () => {
    const { unmount } = render(<BedTile patient={aPatient({ id: 'P-1', urine: null, lastUrineMlPerHour: null })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('vital-urine-hour').textContent).toBe('Urine 1 h—');
    expect(screen.getByTestId('vital-urine-shift').textContent).toBe('Urine 8 h—');
    unmount();
    const first = render(<BedTile patient={aPatient({ id: 'P-1', urine: aUrineSummary({ lastHour: null, shift: { ml: 24, coveredHours: 0.3, complete: false, level: 'partial' } }) })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('vital-urine-hour').textContent).toBe('Urine 1 hawaitingfirst hour');
    expect(screen.getByTestId('vital-urine-hour').className).not.toContain('vital--abnormal');
    expect(screen.getByTestId('vital-urine-shift').textContent).toBe('Urine 8 h24 mLin 0.3 h');
    first.unmount();
    render(<BedTile patient={aPatient({ id: 'P-1', urine: aUrineSummary({ shift: { ml: 120, level: 'relative' } }) })} alerts={[]} now={now} onOpen={() => undefined} />);
    expect(screen.getByTestId('vital-urine-shift').className).toContain('vital--abnormal');
    expect(screen.getByTestId('vital-urine-shift').getAttribute('title')).toContain('120 mL in 8 h (below the 160 mL threshold)');
  });

  it('greys every tile with the reason while the screen is offline', () => {
    render(<BedTile patient={aPatient({ id: 'P-1', lastDataAt: '2026-11-26T10:01:00Z' })} alerts={[]} now={now} offlineReason="Screen offline since 10:01" onOpen={() => undefined} />);
    expect(screen.getByTestId('bed-tile-P-1').getAttribute('data-greyed')).toBe('true');
    expect(screen.getByTestId('stale-P-1').textContent).toContain('Screen offline since 10:01');
  });

  it('never shows a negative age for data stamped ahead of the screen clock', () => {
    render(<BedTile patient={aPatient({ id: 'P-1', lastDataAt: '2026-11-26T10:04:00Z' })} alerts={[]} now={now} onOpen={() => undefined} />);
    const foot = screen.getByTestId('bed-tile-P-1').querySelector('.tile__foot')!.textContent;
    expect(foot).toBe('Last data 10:04:00 · just now');
  });

  it('links the name to the patient view', () => {
    const onOpen = vi.fn();
    render(<BedTile patient={aPatient({ id: 'P-3', wardId: 'W-1', displayName: 'Alan' })} alerts={[]} now={now} onOpen={onOpen} />);
    const link = screen.getByRole('link', { name: /Alan/ });
    expect(link.getAttribute('href')).toBe('#/ward/W-1/patient/P-3');
    fireEvent.click(link);
    expect(onOpen).toHaveBeenCalledWith('P-3');
  });
});
