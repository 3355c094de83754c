import { Line, ReferenceLine, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/** Temperature against the 38 °C fever line (FEVER rule). */
export function TemperatureChart({ rows, from, to, bands, doses }: TrendChartProps) {
  const has = rows.some((r) => r.temp !== undefined);
  return (
    <TrendChartFrame label="Temperature trend" testId="chart-temp" caption="Temperature (°C)" data={rows} from={from} to={to} bands={bands} doses={doses} notice={has ? undefined : <div className="chart__empty"><span>No temperature charted</span></div>}>
      <YAxis domain={[35, 41]} tick={axisTick} width={40} allowDataOverflow />
      <ReferenceLine y={38} stroke="#ff8a65" strokeDasharray="6 3" label={{ value: '38 °C', position: 'insideTopLeft', fill: '#ffab91', fontSize: 11 }} />
      <Line type="monotone" dataKey="temp" name="Temp °C" stroke="#ff8a65" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
    </TrendChartFrame>
  );
}
