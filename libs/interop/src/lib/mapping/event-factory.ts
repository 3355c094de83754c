import { parseClinicalEvent, type ClinicalEvent } from '@vigil/contracts';
import type { Measurement } from './measurement';

export interface EventBase {
  id: string;
  patientId: string;
  source?: string;
}

export type BuildResult = { ok: true; event: ClinicalEvent } | { ok: false; reason: string; path?: string };

/**
 * Builds one canonical event from measurements that belong together (same patient, same time) and
 * validates it with the contract's own parser, so nothing the mappers emit can be refused later by the
 * event store. Validation errors become a reason instead of an exception.
 */
export function buildEvent(base: EventBase, measurements: Measurement[]): BuildResult {
  const first = measurements[0];
  if (!first) return { ok: false, reason: 'no measurements' };
  const common = { id: base.id, patientId: base.patientId, time: first.time, ...(base.source ? { source: base.source } : {}) };
  let candidate: Record<string, unknown>;
  switch (first.target.kind) {
    case 'vital': {
      candidate = { ...common, type: 'vitals' };
      for (const m of measurements) {
        if (m.target.kind !== 'vital') continue;
        candidate[m.target.field] = m.value;
        if (m.target.method) candidate['method'] = m.target.method;
      }
      break;
    }
    case 'rhythm': {
      const hr = measurements.find((m) => m.target.kind === 'vital' && m.target.field === 'hr');
      candidate = { ...common, type: 'rhythm', rhythm: first.value, ...(hr ? { hr: hr.value } : {}) };
      break;
    }
    case 'lab':
      candidate = {
        ...common,
        type: 'lab',
        code: first.target.code,
        value: first.value,
        unit: first.unit,
        ...(first.loinc ? { loinc: first.loinc } : {}),
        ...(first.specimenTime ? { specimenTime: first.specimenTime } : {}),
      };
      break;
    case 'weight':
      candidate = { ...common, type: 'weight', kg: first.value };
      break;
    case 'rr-intervals':
      candidate = { ...common, type: 'rr', intervalsMs: first.intervalsMs ?? [], ...(first.beatClasses !== undefined ? { beatClasses: first.beatClasses } : {}) };
      break;
    case 'beat-classes':
      return { ok: false, reason: 'beat classes without the RR intervals they describe' };
    case 'urine':
      if (!first.periodStart) return { ok: false, reason: 'urine output needs the start of its collection period' };
      candidate = { ...common, type: 'urine', volumeMl: first.value, periodStart: first.periodStart };
      break;
  }
  const parsed = parseClinicalEvent(candidate);
  if (parsed.ok) return { ok: true, event: parsed.value };
  const e = parsed.errors[0];
  return { ok: false, reason: `${e.path}: ${e.message}`, path: e.path };
}
