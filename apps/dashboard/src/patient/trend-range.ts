export const trendRanges = ['6h', '24h', 'course'] as const;
export type TrendRange = (typeof trendRanges)[number];

export const trendRangeLabels: Record<TrendRange, string> = { '6h': '6 h', '24h': '24 h', course: 'Course' };

const HOUR_MS = 3_600_000;
/** A high-dose IL-2 course (up to 14 doses, 8-hourly) fits well inside 10 days. */
export const COURSE_MS = 10 * 24 * HOUR_MS;

export function rangeWindow(range: TrendRange, now: number): { from: number; to: number } {
  const span = range === '6h' ? 6 * HOUR_MS : range === '24h' ? 24 * HOUR_MS : COURSE_MS;
  return { from: now - span, to: now };
}
