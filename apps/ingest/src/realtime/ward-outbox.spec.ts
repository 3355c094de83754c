import type { VitalsSnapshot } from '@vigil/contracts';
import { WardOutbox } from './ward-outbox';

const snap = (patientId: string, wardId: string): VitalsSnapshot => ({ patientId, wardId, time: '2026-11-26T10:00:00.000Z', hr: 80 });

describe('WardOutbox', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one batch per ward after the window', () => {
    const sent: [string, string[]][] = [];
    const outbox = new WardOutbox(20, (w, b) => sent.push([w, b.map((s) => s.patientId)]));
    outbox.add(snap('P1', 'W1'));
    outbox.add(snap('P2', 'W2'));
    outbox.add(snap('P3', 'W1'));
    jest.advanceTimersByTime(19);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['W1', ['P1', 'P3']],
      ['W2', ['P2']],
    ]);
    outbox.add(snap('P4', 'W1'));
    jest.advanceTimersByTime(20);
    expect(sent[2]).toEqual(['W1', ['P4']]);
  });
});
