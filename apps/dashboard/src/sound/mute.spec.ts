import { describe, expect, it } from 'vitest';
import { expireMute, isMuted, MAX_MUTE_MIN, muteFor, muteRemainingMs, notMuted } from './mute';

describe('mute', () => {
  const now = 1_000_000;

  it('mutes for N minutes and then expires by itself', () => {
    const m = muteFor(2, now);
    expect(isMuted(m, now)).toBe(true);
    expect(isMuted(m, now + 2 * 60_000 - 1)).toBe(true);
    expect(isMuted(m, now + 2 * 60_000)).toBe(false);
    expect(muteRemainingMs(m, now + 30_000)).toBe(90_000);
    expect(muteRemainingMs(m, now + 3 * 60_000)).toBe(0);
  });

  it('drops an expired mute and keeps a running one', () => {
    const m = muteFor(5, now);
    expect(expireMute(m, now + 60_000)).toBe(m);
    expect(expireMute(m, now + 5 * 60_000)).toEqual(notMuted);
  });

  it('caps the mute so sound can never be switched off for good', () => {
    const m = muteFor(600, now);
    expect(m.until).toBe(now + MAX_MUTE_MIN * 60_000);
    expect(muteFor(0, now)).toEqual(notMuted);
    expect(isMuted(notMuted, now)).toBe(false);
  });
});
