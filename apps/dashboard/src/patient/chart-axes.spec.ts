import { describe, expect, it } from 'vitest';
import { timeTicks } from './chart-axes';

const H = 3_600_000;

describe('timeTicks', () => {
  const to = Date.parse('2026-11-26T17:25:00Z');

  it('gives round, evenly spaced ticks inside the window', () => {
    for (const span of [6 * H, 24 * H, 10 * 24 * H]) {
      const ticks = timeTicks(to - span, to);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(7);
      expect(ticks[0]).toBeGreaterThanOrEqual(to - span);
      expect(ticks.at(-1)).toBeLessThanOrEqual(to);
      const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]));
      expect(steps.size).toBe(1);
      expect(new Date(ticks[0]).getMinutes() % 5).toBe(0);
      expect(new Date(ticks[0]).getSeconds()).toBe(0);
    }
  });

  it('uses 1-hour steps for 6 hours', () => {
    const ticks = timeTicks(to - 6 * H, to);
    expect(ticks[1] - ticks[0]).toBe(H);
  });

  it('is empty for an empty window', () => {
    expect(timeTicks(to, to)).toEqual([]);
  });
});
