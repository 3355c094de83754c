import { ReferenceArea, ReferenceLine } from 'recharts';
import type { ReactElement } from 'react';
import type { AlertBand, DoseMarker } from './trend-data';

export const severityFill = { high: '#ff5252', medium: '#ffd600', low: '#18c5e0' } as const;

/**
 * Alert bands and dose markers for every trend chart. Returned as an element array (not a
 * component) so recharts sees ReferenceArea/ReferenceLine as direct children of the chart.
 */
export function chartOverlays(bands: readonly AlertBand[], doses: readonly DoseMarker[], yAxisId?: string): ReactElement[] {
  const axis = yAxisId ? { yAxisId } : {};
  return [
    ...bands.map((b) => (
      <ReferenceArea key={`band-${b.id}`} x1={b.x1} x2={b.x2} {...axis} fill={severityFill[b.severity]} fillOpacity={0.14} stroke="none" ifOverflow="hidden" />
    )),
    ...doses.map((d) => (
      <ReferenceLine
        key={`dose-${d.t}-${d.label}`}
        x={d.t}
        {...axis}
        stroke={d.held ? '#ff9e80' : '#b39ddb'}
        strokeDasharray={d.held ? '4 3' : undefined}
        label={{ value: d.label, position: 'insideTopLeft', fill: '#d1c4e9', fontSize: 11 }}
        ifOverflow="hidden"
      />
    )),
  ];
}
