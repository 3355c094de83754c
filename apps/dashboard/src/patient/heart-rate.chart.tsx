import { Line, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

export function HeartRateChart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <TrendChartFrame label="Heart rate trend" testId="chart-hr" caption="Heart rate (/min)" data={rows} from={from} to={to} bands={bands} doses={doses}>
      <YAxis domain={[40, 'auto']} tick={axisTick} width={40} />
      <Line type="monotone" dataKey="hr" name="HR" stroke="#81c784" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
    </TrendChartFrame>
  );
}
