import { Line, ReferenceLine, YAxis } from 'recharts';
import type { TrendChartProps } from './trend-chart.props';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/** Respiratory rate with oxygen flow on a second axis when any is charted. */
export function RespiratoryRateChart({ rows, from, to, bands, doses }: TrendChartProps) {
  const hasRr = rows.some((r) => r.rr !== undefined);
  const hasO2 = rows.some((r) => r.o2FlowLpm !== undefined);
  return (
    <TrendChartFrame
      label="Respiratory rate trend"
      testId="chart-rr"
      caption={hasO2 ? 'Respiratory rate (/min) and O₂ flow (L/min)' : 'Respiratory rate (/min)'}
      data={rows}
      from={from}
      to={to}
      bands={bands}
      doses={doses}
      overlayAxisId="rr"
      notice={hasRr ? undefined : <div className="chart__empty"><span>No respiratory rate charted</span></div>}
    >
      <YAxis yAxisId="rr" domain={[0, 40]} tick={axisTick} width={40} allowDataOverflow />
      {hasO2 && <YAxis yAxisId="o2" orientation="right" domain={[0, 15]} tick={axisTick} width={32} allowDataOverflow />}
      <ReferenceLine yAxisId="rr" y={25} stroke="#ff8a80" strokeDasharray="6 3" />
      <Line yAxisId="rr" type="monotone" dataKey="rr" name="RR /min" stroke="#ce93d8" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
      {hasO2 && <Line yAxisId="o2" type="stepAfter" dataKey="o2FlowLpm" name="O₂ L/min" stroke="#4dd0e1" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />}
    </TrendChartFrame>
  );
}
