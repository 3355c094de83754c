import { formatClock, formatDateTime } from '../util/time-format';

export const CHART_HEIGHT = 190;
export const chartMargin = { top: 8, right: 16, bottom: 0, left: 0 };
export const gridStroke = '#3a4150';
export const axisTick = { fill: '#c9d1dc', fontSize: 12 };

/** X ticks: clock time for short windows, date + time for the whole course. */
export const timeTickFormatter = (spanMs: number) => (t: number) => (spanMs > 26 * 3_600_000 ? formatDateTime(t) : formatClock(t).slice(0, 5));

export const tooltipLabel = (t: unknown) => formatDateTime(Number(t));
export const tooltipStyle = { background: '#1b2130', border: '1px solid #4a5468', color: '#eef2f7' };
