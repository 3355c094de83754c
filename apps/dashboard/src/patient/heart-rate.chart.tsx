import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

export function HeartRateChart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <figure className="chart" aria-label="Heart rate trend" data-testid="chart-hr">
      <figcaption>Heart rate (/min)</figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={rows} margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <YAxis domain={[40, 'auto']} tick={axisTick} width={40} />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          {chartOverlays(bands, doses)}
          <Line type="monotone" dataKey="hr" name="HR" stroke="#81c784" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
