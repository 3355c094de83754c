import type { AlertBand, DoseMarker, VitalsRow } from './trend-data';

export interface TrendChartProps {
  rows: VitalsRow[];
  from: number;
  to: number;
  bands: AlertBand[];
  doses: DoseMarker[];
}
