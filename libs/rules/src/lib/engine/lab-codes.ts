import type { LabEvent } from '@vigil/contracts';

export type LabKind = 'creatinine' | 'il2' | 'sil2r' | 'platelets' | 'other';

/** Maps a lab event to a known analyte by local code or LOINC (CLINICAL_RULES.md §2.5). */
export function labKind(e: LabEvent): LabKind {
  const code = e.code.toUpperCase();
  if (code === 'CREAT' || code === 'CREATININE' || e.loinc === '2160-0' || e.loinc === '14682-9') return 'creatinine';
  if (code === 'IL2' || code === 'IL-2' || e.loinc === '33939-0') return 'il2';
  if (code === 'SIL2R' || code === 'SIL-2R' || code === 'CD25' || e.loinc === '76039-7') return 'sil2r';
  if (code === 'PLT') return 'platelets';
  return 'other';
}

/** Creatinine in mg/dL (µmol/L ÷ 88.4, §6.5). */
export function creatinineMgDl(e: LabEvent): number {
  const unit = e.unit.toLowerCase().replace('µ', 'u');
  return e.loinc === '14682-9' || unit === 'umol/l' ? e.value / 88.4 : e.value;
}

/** The specimen collection time when given (labs are evaluated on it), else the event time. */
export function specimenMs(e: LabEvent, at: number): number {
  return e.specimenTime ? Date.parse(e.specimenTime) : at;
}
