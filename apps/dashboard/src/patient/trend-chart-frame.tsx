import type { ReactNode } from 'react';
import { CartesianGrid, ComposedChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import type { AlertBand, DoseMarker } from './trend-data';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

export interface TrendChartFrameProps {
  label: string;
  testId: string;
  caption: ReactNode;
  data?: object[];
  from: number;
  to: number;
  bands: readonly AlertBand[];
  doses: readonly DoseMarker[];
  /** Y axis the alert bands and dose markers belong to, when the chart has several. */
  overlayAxisId?: string;
  wide?: boolean;
  /** Shown between the caption and the chart (e.g. an empty-state notice). */
  notice?: ReactNode;
  /** Y axes and series: rendered as direct children of the chart, as recharts requires. */
  children: ReactNode;
}

/** What every trend chart shares: the figure, the time axis over [from, to], grid, tooltip, alert bands and doses. */
export function TrendChartFrame({ label, testId, caption, data, from, to, bands, doses, overlayAxisId, wide, notice, children }: TrendChartFrameProps) {
  return (
    <figure className={wide ? 'chart chart--wide' : 'chart'} aria-label={label} data-testid={testId}>
      <figcaption>{caption}</figcaption>
      {notice}
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={data} margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          {chartOverlays(bands, doses, overlayAxisId)}
          {children}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
