import type { Alert, AlertSeverity } from '@vigil/contracts';
import type { DosePoint, LabPoint, UrinePoint, VitalsPoint } from '../api/api.types';

const HOUR_MS = 3_600_000;

export interface VitalsRow {
  t: number;
  sbp?: number;
  dbp?: number;
  map?: number;
  hr?: number;
  spo2?: number;
  rr?: number;
  temp?: number;
  o2FlowLpm?: number;
}

export const vitalsRows = (vitals: readonly VitalsPoint[]): VitalsRow[] =>
  vitals
    .map((v) => ({ t: Date.parse(v.time), sbp: v.sbp, dbp: v.dbp, map: v.map, hr: v.hr, spo2: v.spo2, rr: v.rr, temp: v.temp, o2FlowLpm: v.o2FlowLpm }))
    .filter((r) => !Number.isNaN(r.t))
    .sort((a, b) => a.t - b.t);

export interface UrineBar {
  /** Centre of the clock hour (x position of the bar). */
  t: number;
  hourStart: number;
  /** mL/h: the hour's volume over the part of it the collections cover (a 20-min collection is not a 20-mL hour). */
  ml: number;
  /** mL/kg/h, null without a weight. */
  mlPerKgH: number | null;
  /** Collections cover less than 90% of this hour (still being collected, or a gap): drawn faded. */
  partial: boolean;
  /** Minutes of the hour the collections cover. */
  coveredMin: number;
}

/** Share of an hour the collections must cover for it to count (the oliguria rule's `uoCoverage`). */
const FULL_HOUR_COVERAGE = 0.9;

/**
 * Hourly urine output: each charted collection is spread over the clock hours it covers, in
 * proportion to the overlap, so a 3-hour bag and hourly measurements chart alike. Each hour's rate
 * is its volume over the minutes covered, and an hour covered less than 90% is marked partial, so
 * the hour still being collected never reads as a collapse of urine output.
 */
export function hourlyUrine(urine: readonly UrinePoint[], weightKg: number | null | undefined): UrineBar[] {
  const buckets = new Map<number, { ml: number; coveredMs: number }>();
  const add = (h: number, ml: number, coveredMs: number) => {
    const b = buckets.get(h);
    if (b) {
      b.ml += ml;
      b.coveredMs += coveredMs;
    } else buckets.set(h, { ml, coveredMs });
  };
  for (const u of urine) {
    const end = Date.parse(u.time);
    const start = Date.parse(u.periodStart);
    if (Number.isNaN(end) || Number.isNaN(start) || !(u.volumeMl >= 0)) continue;
    if (end <= start) {
      add(Math.floor(end / HOUR_MS) * HOUR_MS, u.volumeMl, 0);
      continue;
    }
    for (let h = Math.floor(start / HOUR_MS) * HOUR_MS; h < end; h += HOUR_MS) {
      const overlap = Math.min(end, h + HOUR_MS) - Math.max(start, h);
      if (overlap > 0) add(h, (u.volumeMl * overlap) / (end - start), overlap);
    }
  }
  const w = weightKg && weightKg > 0 ? weightKg : null;
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([hourStart, { ml, coveredMs }]) => {
      const covered = Math.min(coveredMs, HOUR_MS);
      const rate = covered > 0 ? ml / (covered / HOUR_MS) : ml;
      return {
        t: hourStart + HOUR_MS / 2,
        hourStart,
        ml: Math.round(rate),
        mlPerKgH: w ? Math.round((rate / w) * 100) / 100 : null,
        partial: covered < FULL_HOUR_COVERAGE * HOUR_MS,
        coveredMin: Math.round(covered / 60_000),
      };
    });
}

export interface LabRow {
  t: number;
  value: number;
  unit?: string;
}

const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Lab points of one code (IL2, SIL2R; tolerant of "sIL-2R" spellings). */
export const labRows = (labs: readonly LabPoint[], code: string): LabRow[] =>
  labs
    .filter((l) => normaliseCode(l.code) === normaliseCode(code) && typeof l.value === 'number')
    .map((l) => ({ t: Date.parse(l.time), value: l.value, unit: l.unit }))
    .filter((r) => !Number.isNaN(r.t))
    .sort((a, b) => a.t - b.t);

export interface DoseMarker {
  t: number;
  label: string;
  held: boolean;
}

export const doseMarkers = (doses: readonly DosePoint[]): DoseMarker[] =>
  doses
    .map((d) => ({ t: Date.parse(d.time), label: `${d.status === 'held' ? 'Held' : 'Dose'} ${d.doseNumber}`, held: d.status === 'held' }))
    .filter((d) => !Number.isNaN(d.t))
    .sort((a, b) => a.t - b.t);

export interface AlertBand {
  id: string;
  x1: number;
  x2: number;
  severity: AlertSeverity;
  label: string;
}

/** One shaded band per alert from opening to resolution (or now), clipped to the chart window. */
export function alertBands(alerts: readonly Alert[], from: number, to: number): AlertBand[] {
  const bands: AlertBand[] = [];
  for (const a of alerts) {
    const opened = Date.parse(a.openedAt);
    const closed = a.resolvedAt ? Date.parse(a.resolvedAt) : to;
    if (Number.isNaN(opened) || closed < from || opened > to) continue;
    bands.push({ id: a.id, x1: Math.max(opened, from), x2: Math.max(Math.min(closed, to), Math.max(opened, from)), severity: a.severity, label: a.rule });
  }
  return bands.sort((a, b) => a.x1 - b.x1);
}
