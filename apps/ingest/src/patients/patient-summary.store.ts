import { Injectable } from '@nestjs/common';
import type { ClinicalEvent, VitalsSnapshot } from '@vigil/contracts';

const VITAL_FIELDS = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp'] as const;
const HOUR_MS = 3_600_000;

export interface PatientSummary {
  latest: Omit<VitalsSnapshot, 'patientId' | 'wardId'> | null;
  /** Urine collected over the last hour of data, in mL/h (null when none charted). */
  lastUrineMlPerHour: number | null;
  lastDataAt: string | null;
}

interface Mutable {
  latest: Record<string, number | string> | null;
  urine: { start: number; end: number; ml: number }[];
  lastDataAt: string | null;
}

/** Latest value of each vital and recent urine per patient, for the bed tiles (fed by the rules service). */
@Injectable()
export class PatientSummaryStore {
  private readonly byPatient = new Map<string, Mutable>();

  apply(event: ClinicalEvent) {
    let s = this.byPatient.get(event.patientId);
    if (!s) this.byPatient.set(event.patientId, (s = { latest: null, urine: [], lastDataAt: null }));
    if (event.type === 'vitals' || event.type === 'urine' || event.type === 'rhythm' || event.type === 'rr') {
      if (!s.lastDataAt || event.time > s.lastDataAt) s.lastDataAt = event.time;
    }
    if (event.type === 'vitals') {
      const latest = (s.latest ??= { time: event.time });
      if (event.time >= String(latest['time'])) {
        latest['time'] = event.time;
        for (const f of VITAL_FIELDS) if (event[f] !== undefined) latest[f] = event[f] as number;
      }
    } else if (event.type === 'urine') {
      s.urine.push({ start: Date.parse(event.periodStart), end: Date.parse(event.time), ml: event.volumeMl });
      const newest = Math.max(...s.urine.map((u) => u.end));
      s.urine = s.urine.filter((u) => u.end > newest - 6 * HOUR_MS);
    }
  }

  get(patientId: string): PatientSummary {
    const s = this.byPatient.get(patientId);
    if (!s) return { latest: null, lastUrineMlPerHour: null, lastDataAt: null };
    return { latest: s.latest as PatientSummary['latest'], lastUrineMlPerHour: lastHourRate(s.urine), lastDataAt: s.lastDataAt };
  }
}

/** mL/h over the last hour of charted urine, pro-rating collections that straddle the hour. */
function lastHourRate(urine: { start: number; end: number; ml: number }[]): number | null {
  if (urine.length === 0) return null;
  const end = Math.max(...urine.map((u) => u.end));
  const start = end - HOUR_MS;
  let ml = 0;
  for (const u of urine) {
    const overlap = Math.min(u.end, end) - Math.max(u.start, start);
    if (overlap > 0 && u.end > u.start) ml += (u.ml * overlap) / (u.end - u.start);
  }
  return Math.round(ml);
}
