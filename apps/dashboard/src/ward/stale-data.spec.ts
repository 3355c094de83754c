import { describe, expect, it } from 'vitest';
import { dataFreshness, isStale, STALE_AFTER_MS } from './stale-data';

describe('stale detection', () => {
  const t = '2026-11-26T10:00:00.000Z';
  const at = Date.parse(t);

  it('is fresh up to and including 5 minutes without data', () => {
    expect(dataFreshness(t, at + STALE_AFTER_MS)).toEqual({ kind: 'fresh' });
    expect(isStale(t, at + 60_000)).toBe(false);
  });

  it('is stale past 5 minutes and says for how long', () => {
    expect(dataFreshness(t, at + STALE_AFTER_MS + 1)).toEqual({ kind: 'stale', silentForMs: STALE_AFTER_MS + 1 });
    expect(isStale(t, at + 7 * 60_000)).toBe(true);
  });

  it('treats a bed that never sent data (or a bad time) as not fresh', () => {
    expect(dataFreshness(null, at)).toEqual({ kind: 'none' });
    expect(dataFreshness('not a time', at)).toEqual({ kind: 'none' });
    expect(isStale(null, at)).toBe(true);
  });
});
