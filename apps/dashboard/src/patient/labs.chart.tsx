import { CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlertBand, DoseMarker, LabRow } from './trend-data';
import { CHART_HEIGHT, axisTick, chartMargin, gridStroke, timeTickFormatter, timeTicks, tooltipLabel, tooltipStyle } from './chart-axes';
import { chartOverlays } from './chart-overlays';

/** IL-2 (left axis) and sIL-2R (right axis) as points, with the doses that explain them. */
export function LabsChart({ il2, sil2r, from, to, bands, doses }: { il2: LabRow[]; sil2r: LabRow[]; from: number; to: number; bands: AlertBand[]; doses: DoseMarker[] }) {
  const il2Unit = il2[0]?.unit ?? '';
  const sil2rUnit = sil2r[0]?.unit ?? '';
  return (
    <figure className="chart chart--wide" aria-label="IL-2 and sIL-2R levels" data-testid="chart-labs">
      <figcaption>
        IL-2{il2Unit && ` (${il2Unit})`} · sIL-2R{sil2rUnit && ` (${sil2rUnit})`}
      </figcaption>
      {il2.length + sil2r.length === 0 && (
        <div className="chart__empty">
          <span>No IL-2 or sIL-2R results in this window</span>
        </div>
      )}
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart margin={chartMargin}>
          <CartesianGrid stroke={gridStroke} strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} ticks={timeTicks(from, to)} tickFormatter={timeTickFormatter(to - from)} tick={axisTick} allowDataOverflow />
          <YAxis yAxisId="il2" dataKey="value" tick={axisTick} width={48} />
          <YAxis yAxisId="sil2r" dataKey="value" orientation="right" tick={axisTick} width={56} />
          <Tooltip labelFormatter={tooltipLabel} contentStyle={tooltipStyle} />
          <Legend wrapperStyle={{ color: '#c9d1dc', fontSize: 12 }} />
          {chartOverlays(bands, doses, 'il2')}
          <Scatter yAxisId="il2" name="IL-2" data={il2} dataKey="value" fill="#f48fb1" line={{ stroke: '#f48fb1' }} isAnimationActive={false} />
          <Scatter yAxisId="sil2r" name="sIL-2R" data={sil2r} dataKey="value" fill="#80deea" shape="diamond" line={{ stroke: '#80deea' }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
