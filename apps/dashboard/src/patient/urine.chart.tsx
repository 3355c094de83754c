import { Bar, CartesianGrid, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlertBand, DoseMarker, UrineBar } from './trend-data';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

/** Hourly urine output in mL/kg/h against the 0.5 mL/kg/h oliguria line (mL/h when no weight). */
export function UrineChart({ bars, from, to, bands, doses, weightKg }: { bars: UrineBar[]; from: number; to: number; bands: AlertBand[]; doses: DoseMarker[]; weightKg: number | null }) {
  const perKg = weightKg !== null && weightKg > 0;
  return (
    <figure className="chart" aria-label="Hourly urine output" data-testid="chart-urine">
      <figcaption>{perKg ? `Urine output (mL/kg/h, ${weightKg} kg)` : 'Urine output (mL/h; no weight charted)'}</figcaption>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={bars} margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <YAxis tick={axisTick} width={40} domain={[0, 'auto']} />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          {chartOverlays(bands, doses)}
          <Bar dataKey={perKg ? 'mlPerKgH' : 'ml'} name={perKg ? 'mL/kg/h' : 'mL/h'} fill="#ffe082" maxBarSize={24} isAnimationActive={false} />
          <ReferenceLine y={perKg ? 0.5 : 0} stroke="#ff5252" strokeDasharray="6 3" label={perKg ? { value: '0.5 mL/kg/h', position: 'insideTopLeft', fill: '#ff8a80', fontSize: 11 } : undefined} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
