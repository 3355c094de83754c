import { Legend, Scatter, YAxis } from 'recharts';
import type { AlertBand, DoseMarker, LabRow } from './trend-data';
import { axisTick } from './chart-axes';
import { TrendChartFrame } from './trend-chart-frame';

/** IL-2 (left axis) and sIL-2R (right axis) as points, with the doses that explain them. */
export function LabsChart({ il2, sil2r, from, to, bands, doses }: { il2: LabRow[]; sil2r: LabRow[]; from: number; to: number; bands: AlertBand[]; doses: DoseMarker[] }) {
  const il2Unit = il2[0]?.unit ?? '';
  const sil2rUnit = sil2r[0]?.unit ?? '';
  const empty =
    il2.length + sil2r.length === 0 ? (
      <div className="chart__empty">
        <span>No IL-2 or sIL-2R results in this window</span>
      </div>
    ) : null;
  return (
    <TrendChartFrame
      label="IL-2 and sIL-2R levels"
      testId="chart-labs"
      caption={
        <>
          IL-2{il2Unit && ` (${il2Unit})`} · sIL-2R{sil2rUnit && ` (${sil2rUnit})`}
        </>
      }
      from={from}
      to={to}
      bands={bands}
      doses={doses}
      overlayAxisId="il2"
      wide
      notice={empty}
    >
      <YAxis yAxisId="il2" dataKey="value" tick={axisTick} width={48} />
      <YAxis yAxisId="sil2r" dataKey="value" orientation="right" tick={axisTick} width={56} />
      <Legend wrapperStyle={{ color: '#c9d1dc', fontSize: 12 }} />
      <Scatter yAxisId="il2" name="IL-2" data={il2} dataKey="value" fill="#f48fb1" line={{ stroke: '#f48fb1' }} isAnimationActive={false} />
      <Scatter yAxisId="sil2r" name="sIL-2R" data={sil2r} dataKey="value" fill="#80deea" shape="diamond" line={{ stroke: '#80deea' }} isAnimationActive={false} />
    </TrendChartFrame>
  );
}
