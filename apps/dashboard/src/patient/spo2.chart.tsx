import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

export function SpO2Chart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <figure className="chart" aria-label="Oxygen saturation trend" data-testid="chart-spo2">
      <figcaption>SpO₂ (%)</figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={rows} margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <YAxis domain={[80, 100]} tick={axisTick} width={40} allowDataOverflow />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          {chartOverlays(bands, doses)}
          <ReferenceLine y={92} stroke="#18c5e0" strokeDasharray="6 3" />
          <Line type="monotone" dataKey="spo2" name="SpO₂" stroke="#90caf9" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
