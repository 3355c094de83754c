import type { VitalsEvent } from './clinical-event.schema';

/** A vitals field that holds a value outside physiological bounds (CLINICAL_RULES.md §10). */
export type ArtefactField = 'sbp' | 'dbp' | 'map' | 'hr' | 'spo2' | 'temp';

/**
 * §10 "Artefacts never alarm alone": the fields of a vitals reading that are outside physiological
 * bounds (SBP < 30 or > 300, MAP < 20, DBP ≥ SBP, pulse pressure < 10 mmHg, HR 0, SpO2 < 50,
 * temperature < 30 °C). Such a value is stored and shown, but no rule alarms on it alone.
 */
export function vitalsArtefacts(v: Pick<VitalsEvent, 'sbp' | 'dbp' | 'map' | 'hr' | 'spo2' | 'temp'>): ArtefactField[] {
  const out: ArtefactField[] = [];
  const { sbp, dbp, map } = v;
  if (sbp !== undefined && (sbp < 30 || sbp > 300)) out.push('sbp');
  if (sbp !== undefined && dbp !== undefined && (dbp >= sbp || sbp - dbp < 10)) {
    // Which of the pair is wrong cannot be told: the blood pressure reading as a whole is implausible.
    if (!out.includes('sbp')) out.push('sbp');
    out.push('dbp');
  }
  if (map !== undefined && map < 20) out.push('map');
  if (v.hr !== undefined && v.hr <= 0) out.push('hr');
  if (v.spo2 !== undefined && v.spo2 < 50) out.push('spo2');
  if (v.temp !== undefined && v.temp < 30) out.push('temp');
  return out;
}

/** True when the reading's blood pressure (SBP, DBP or MAP) is an artefact. */
export function bpIsArtefact(v: Pick<VitalsEvent, 'sbp' | 'dbp' | 'map'>): boolean {
  const { sbp, dbp, map } = v;
  return (sbp !== undefined && (sbp < 30 || sbp > 300 || (dbp !== undefined && (dbp >= sbp || sbp - dbp < 10)))) || (map !== undefined && map < 20);
}
