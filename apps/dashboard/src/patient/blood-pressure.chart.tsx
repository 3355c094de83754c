import { Line, ReferenceLine, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/** SBP and MAP with the hypotension lines at 90 (SBP) and 65 (MAP) mmHg. */
export function BloodPressureChart({ rows, from, to, bands, doses }: TrendChartProps) {
  return (
    <TrendChartFrame label="Blood pressure trend" testId="chart-bp" caption="SBP / MAP (mmHg)" data={rows} from={from} to={to} bands={bands} doses={doses}>
      <YAxis domain={[40, 'auto']} tick={axisTick} width={40} />
      <ReferenceLine y={90} stroke="#ff5252" strokeDasharray="6 3" label={{ value: 'SBP 90', position: 'insideTopLeft', fill: '#ff8a80', fontSize: 11 }} />
      <ReferenceLine y={65} stroke="#ffab40" strokeDasharray="6 3" label={{ value: 'MAP 65', position: 'insideTopLeft', fill: '#ffcc80', fontSize: 11 }} />
      <Line type="monotone" dataKey="sbp" name="SBP" stroke="#4fc3f7" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
      <Line type="monotone" dataKey="map" name="MAP" stroke="#ffb74d" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
    </TrendChartFrame>
  );
}
