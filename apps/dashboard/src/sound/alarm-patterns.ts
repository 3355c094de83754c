import type { AlertSeverity } from '@vigil/contracts';

export interface Pulse {
  /** Seconds from the start of the burst. */
  at: number;
  duration: number;
  frequency: number;
}

/**
 * Burst patterns after IEC 60601-1-8: high priority is a 10-pulse burst (3 + 2, pause, 3 + 2) of a
 * falling-then-rising melody; medium priority a 3-pulse burst; low priority a single pulse.
 */
const HIGH_FREQUENCIES = [523, 698, 880, 698, 880];
const pulsesOf = (offsets: number[], freqs: number[], duration: number): Pulse[] =>
  offsets.map((at, i) => ({ at, duration, frequency: freqs[i % freqs.length] }));

export const alarmPatterns: Record<AlertSeverity, Pulse[]> = {
  high: pulsesOf([0, 0.2, 0.4, 0.9, 1.1, 2.0, 2.2, 2.4, 2.9, 3.1], HIGH_FREQUENCIES, 0.15),
  medium: pulsesOf([0, 0.3, 0.6], [523, 659, 523], 0.2),
  low: pulsesOf([0], [440], 0.2),
};
