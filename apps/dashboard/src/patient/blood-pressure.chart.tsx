import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

/** SBP and MAP with the hypotension lines at 90 (SBP) and 65 (MAP) mmHg. */
export function BloodPressureChart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <figure className="chart" aria-label="Blood pressure trend" data-testid="chart-bp">
      <figcaption>SBP / MAP (mmHg)</figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={rows} margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <YAxis domain={[40, 'auto']} tick={axisTick} width={40} />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          {chartOverlays(bands, doses)}
          <ReferenceLine y={90} stroke="#ff5252" strokeDasharray="6 3" label={{ value: 'SBP 90', position: 'insideTopLeft', fill: '#ff8a80', fontSize: 11 }} />
          <ReferenceLine y={65} stroke="#ffab40" strokeDasharray="6 3" label={{ value: 'MAP 65', position: 'insideTopLeft', fill: '#ffcc80', fontSize: 11 }} />
          <Line type="monotone" dataKey="sbp" name="SBP" stroke="#4fc3f7" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="map" name="MAP" stroke="#ffb74d" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
