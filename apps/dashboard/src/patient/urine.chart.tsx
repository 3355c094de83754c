import { Bar, Cell, ReferenceLine, YAxis } from 'recharts';
import type { AlertBand, DoseMarker, UrineBar } from './trend-data';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/**
 * Hourly urine output in mL/kg/h against the 0.5 mL/kg/h oliguria line (mL/h when no weight). An
 * hour the collections cover less than 90% (the one being collected, or a gap) is drawn faded.
 */
export function UrineChart({ bars, from, to, bands, doses, weightKg }: { bars: UrineBar[]; from: number; to: number; bands: AlertBand[]; doses: DoseMarker[]; weightKg: number | null }) {
  const perKg = weightKg !== null && weightKg > 0;
  const partial = bars.filter((b) => b.partial).length;
  return (
    <TrendChartFrame
      label="Hourly urine output"
      testId="chart-urine"
      caption={
        <>
          {perKg ? `Urine output (mL/kg/h, ${weightKg} kg)` : 'Urine output (mL/h; no weight charted)'}
          {partial > 0 && <span className="chart__note"> · faded: hour not fully collected yet</span>}
        </>
      }
      data={bars}
      from={from}
      to={to}
      bands={bands}
      doses={doses}
    >
      <YAxis tick={axisTick} width={40} domain={[0, 'auto']} />
      <Bar dataKey={perKg ? 'mlPerKgH' : 'ml'} name={perKg ? 'mL/kg/h' : 'mL/h'} fill="#ffe082" maxBarSize={24} isAnimationActive={false}>
        {bars.map((b) => (
          <Cell key={b.hourStart} fill="#ffe082" fillOpacity={b.partial ? 0.35 : 1} />
        ))}
      </Bar>
      <ReferenceLine y={perKg ? 0.5 : 0} stroke="#ff5252" strokeDasharray="6 3" label={perKg ? { value: '0.5 mL/kg/h', position: 'insideTopLeft', fill: '#ff8a80', fontSize: 11 } : undefined} />
    </TrendChartFrame>
  );
}
