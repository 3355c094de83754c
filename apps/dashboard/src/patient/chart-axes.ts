import { formatClock, formatDateTime } from '../util/time-format';

export const CHART_HEIGHT = 190;
export const chartMargin = { top: 8, right: 16, bottom: 0, left: 0 };
export const gridStroke = '#3a4150';
export const axisTick = { fill: '#c9d1dc', fontSize: 12 };

/** X ticks: clock time for short windows, date + time for the whole course. */
export const timeTickFormatter = (spanMs: number) => (t: number) => (spanMs > 26 * 3_600_000 ? formatDateTime(t) : formatClock(t).slice(0, 5));

export const tooltipLabel = (t: unknown) => formatDateTime(Number(t));
export const tooltipStyle = { background: '#1b2130', border: '1px solid #4a5468', color: '#eef2f7' };

const MIN = 60_000;
const STEPS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880].map((m) => m * MIN);

/**
 * Evenly spaced ticks on round local times (every 30 min for 6 h, 2–3 h for 24 h, a day for a
 * course), about `target` of them, so a window with little data still has a readable time axis.
 */
export function timeTicks(from: number, to: number, target = 7): number[] {
  if (!(to > from)) return [];
  const step = STEPS.find((s) => (to - from) / s <= target) ?? STEPS[STEPS.length - 1];
  const offset = new Date(from).getTimezoneOffset() * MIN;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return ticks;
}
