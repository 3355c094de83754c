/** A mute that always ends: alarm sound may be paused, never switched off for good. */
export interface MuteState {
  /** Epoch ms when the mute ends; null when not muted. */
  until: number | null;
}

export const notMuted: MuteState = { until: null };
export const MUTE_CHOICES_MIN = [2, 5, 10] as const;
export const MAX_MUTE_MIN = 15;

export function muteFor(minutes: number, now: number): MuteState {
  const m = Math.min(Math.max(minutes, 0), MAX_MUTE_MIN);
  return m > 0 ? { until: now + m * 60_000 } : notMuted;
}

export const isMuted = (s: MuteState, now: number): boolean => s.until !== null && now < s.until;

export const muteRemainingMs = (s: MuteState, now: number): number => (isMuted(s, now) ? (s.until as number) - now : 0);

/** Drops an expired mute so the UI shows sound as on again. */
export const expireMute = (s: MuteState, now: number): MuteState => (s.until !== null && !isMuted(s, now) ? notMuted : s);
