import { Bar, ReferenceLine, YAxis } from 'recharts';
import type { AlertBand, DoseMarker, UrineBar } from './trend-data';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/** Hourly urine output in mL/kg/h against the 0.5 mL/kg/h oliguria line (mL/h when no weight). */
export function UrineChart({ bars, from, to, bands, doses, weightKg }: { bars: UrineBar[]; from: number; to: number; bands: AlertBand[]; doses: DoseMarker[]; weightKg: number | null }) {
  const perKg = weightKg !== null && weightKg > 0;
  return (
    <TrendChartFrame
      label="Hourly urine output"
      testId="chart-urine"
      caption={perKg ? `Urine output (mL/kg/h, ${weightKg} kg)` : 'Urine output (mL/h; no weight charted)'}
      data={bars}
      from={from}
      to={to}
      bands={bands}
      doses={doses}
    >
      <YAxis tick={axisTick} width={40} domain={[0, 'auto']} />
      <Bar dataKey={perKg ? 'mlPerKgH' : 'ml'} name={perKg ? 'mL/kg/h' : 'mL/h'} fill="#ffe082" maxBarSize={24} isAnimationActive={false} />
      <ReferenceLine y={perKg ? 0.5 : 0} stroke="#ff5252" strokeDasharray="6 3" label={perKg ? { value: '0.5 mL/kg/h', position: 'insideTopLeft', fill: '#ff8a80', fontSize: 11 } : undefined} />
    </TrendChartFrame>
  );
}
