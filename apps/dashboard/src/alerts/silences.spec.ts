import { describe, expect, it } from 'vitest';
import type { AlertSilence } from '@vigil/contracts';
import { applySilenceChange, noSilences, silenceAt, silencesFrom } from './silences';

const silence = (over: Partial<AlertSilence> = {}): AlertSilence => ({
  id: 's1',
  alertId: 'a1',
  wardId: 'W',
  patientId: 'P',
  kind: 'silence',
  reason: 'bolus running',
  by: 'nurse',
  createdAt: '2026-12-04T10:00:00.000Z',
  expiresAt: '2026-12-04T10:10:00.000Z',
  endedAt: null,
  endedBy: null,
  endReason: null,
  ...over,
});

describe('silences in force', () => {
  it('keeps only those not ended, by alert', () => {
    const m = silencesFrom([silence(), silence({ id: 's2', alertId: 'a2', endedAt: '2026-12-04T10:01:00.000Z' })]);
    expect([...m.keys()]).toEqual(['a1']);
  });

  it('replaces on start and removes only the silence an end names', () => {
    const started = applySilenceChange(noSilences, { change: 'started', silence: silence(), reannounce: false });
    const shelved = applySilenceChange(started, { change: 'started', silence: silence({ id: 's2', kind: 'shelve' }), reannounce: false });
    expect(shelved.get('a1')?.kind).toBe('shelve');
    // The end of the replaced silence arrives late: the shelve stays.
    expect(applySilenceChange(shelved, { change: 'ended', silence: silence({ endedAt: 'x', endReason: 'replaced' }), reannounce: false }).get('a1')?.id).toBe('s2');
    expect(applySilenceChange(shelved, { change: 'ended', silence: silence({ id: 's2', endedAt: 'x', endReason: 'expired' }), reannounce: true }).has('a1')).toBe(false);
  });

  it('stops counting a silence past its expiry even before the server says so', () => {
    const m = silencesFrom([silence()]);
    expect(silenceAt(m, 'a1', Date.parse('2026-12-04T10:09:59Z'))).not.toBeNull();
    expect(silenceAt(m, 'a1', Date.parse('2026-12-04T10:10:00Z'))).toBeNull();
  });
});
