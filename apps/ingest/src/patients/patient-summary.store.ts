import { Injectable } from '@nestjs/common';
import type { ClinicalEvent, UrineSummary, VitalsSnapshot } from '@vigil/contracts';
import { defaultThresholds, UrineLedger, urineSummary, type ThresholdSet } from '@vigil/rules';

const VITAL_FIELDS = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp', 'o2FlowLpm', 'fio2Pct', 'o2Device'] as const;

export interface PatientSummary {
  latest: Omit<VitalsSnapshot, 'patientId' | 'wardId'> | null;
  /** mL over the newest complete hour of charted urine (null when none charted or the first hour is not complete). */
  lastUrineMlPerHour: number | null;
  /** Null when no urine is charted. */
  urine: UrineSummary | null;
  lastDataAt: string | null;
}

interface Mutable {
  latest: Record<string, number | string> | null;
  urine: UrineLedger;
  lastDataAt: string | null;
}

/** Latest value of each vital and recent urine per patient, for the bed tiles (fed by the rules service). */
@Injectable()
export class PatientSummaryStore {
  private readonly byPatient = new Map<string, Mutable>();

  apply(event: ClinicalEvent) {
    let s = this.byPatient.get(event.patientId);
    if (!s) this.byPatient.set(event.patientId, (s = { latest: null, urine: new UrineLedger(), lastDataAt: null }));
    if (event.type === 'vitals' || event.type === 'urine' || event.type === 'rhythm' || event.type === 'rr') {
      if (!s.lastDataAt || event.time > s.lastDataAt) s.lastDataAt = event.time;
    }
    if (event.type === 'vitals') {
      const latest = (s.latest ??= { time: event.time });
      if (event.time >= String(latest['time'])) {
        latest['time'] = event.time;
        for (const f of VITAL_FIELDS) if (event[f] !== undefined) latest[f] = event[f] as number | string;
      }
    } else if (event.type === 'urine') {
      s.urine.add(Date.parse(event.periodStart), Date.parse(event.time), event.volumeMl, event.site);
    }
  }

  /** `thresholds`: the patient's thresholds in force (the urine shift is judged against them); `weightKg` for mL/kg/h. */
  /** The store's whole state (rules snapshots carry it, through the rules library's state codec), and back. */
  exportState(): Map<string, unknown> {
    return this.byPatient;
  }

  importState(state: Map<string, unknown>) {
    this.byPatient.clear();
    for (const [id, s] of state) this.byPatient.set(id, s as Mutable);
  }

  get(patientId: string, weightKg?: number | null, thresholds?: ThresholdSet): PatientSummary {
    const s = this.byPatient.get(patientId);
    if (!s) return { latest: null, lastUrineMlPerHour: null, urine: null, lastDataAt: null };
    const t = (thresholds ?? defaultThresholds()).values;
    const urine = urineSummary(s.urine, { weightKg, coverage: t.uoCoverage, shiftHours: t.uoShiftH, shiftRelativeMl: t.uoShiftRelativeMl, shiftAbsoluteMl: t.uoShiftAbsoluteMl });
    return { latest: s.latest as PatientSummary['latest'], lastUrineMlPerHour: urine?.lastHour?.ml ?? null, urine, lastDataAt: s.lastDataAt };
  }
}
