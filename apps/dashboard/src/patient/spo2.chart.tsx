import { Line, ReferenceLine, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

export function SpO2Chart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <TrendChartFrame label="Oxygen saturation trend" testId="chart-spo2" caption="SpO₂ (%)" data={rows} from={from} to={to} bands={bands} doses={doses}>
      <YAxis domain={[80, 100]} tick={axisTick} width={40} allowDataOverflow />
      <ReferenceLine y={92} stroke="#18c5e0" strokeDasharray="6 3" />
      <Line type="monotone" dataKey="spo2" name="SpO₂" stroke="#90caf9" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
    </TrendChartFrame>
  );
}
