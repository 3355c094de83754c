import type { VitalsSnapshot } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';

const VITAL_FIELDS = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp', 'o2FlowLpm', 'fio2Pct', 'o2Device'] as const;

/**
 * Folds live vitals snapshots into the ward's patients. A snapshot may carry only some fields
 * (the server merges per patient per second), so missing fields keep their last value; an older
 * snapshot than what is shown changes nothing. Returns the same array when nothing changed.
 */
export function applyVitals(patients: readonly WardPatient[], snapshots: readonly VitalsSnapshot[]): WardPatient[] {
  if (snapshots.length === 0) return patients as WardPatient[];
  const byPatient = new Map<string, VitalsSnapshot[]>();
  for (const s of snapshots) {
    const list = byPatient.get(s.patientId);
    if (list) list.push(s);
    else byPatient.set(s.patientId, [s]);
  }
  let changed = false;
  const next = patients.map((p) => {
    const list = byPatient.get(p.id);
    if (!list) return p;
    let patient = p;
    for (const s of list) {
      const shownTime = patient.latest?.time;
      if (shownTime && Date.parse(s.time) < Date.parse(shownTime)) continue;
      const latest: Record<string, unknown> = { ...(patient.latest ?? {}), time: s.time };
      for (const f of VITAL_FIELDS) if (s[f] !== undefined && s[f] !== null) latest[f] = s[f];
      const lastDataAt = !patient.lastDataAt || Date.parse(s.time) > Date.parse(patient.lastDataAt) ? s.time : patient.lastDataAt;
      patient = { ...patient, latest: latest as WardPatient['latest'], lastDataAt };
      changed = true;
    }
    return patient;
  });
  return changed ? next : (patients as WardPatient[]);
}

/**
 * A periodic REST refresh (urine, NEWS2, admissions) must not roll back vitals that arrived live
 * after the server built its answer: the newer `latest` wins per patient.
 */
export function mergePatientRefresh(shown: readonly WardPatient[], fresh: readonly WardPatient[]): WardPatient[] {
  const byId = new Map(shown.map((p) => [p.id, p]));
  return fresh.map((p) => {
    const old = byId.get(p.id);
    if (!old?.latest?.time) return p;
    const freshTime = p.latest?.time ? Date.parse(p.latest.time) : -Infinity;
    if (Date.parse(old.latest.time) <= freshTime) return p;
    const lastDataAt = p.lastDataAt && old.lastDataAt && Date.parse(p.lastDataAt) > Date.parse(old.lastDataAt) ? p.lastDataAt : (old.lastDataAt ?? p.lastDataAt);
    return { ...p, latest: old.latest, lastDataAt };
  });
}
