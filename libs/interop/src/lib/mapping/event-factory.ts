import { parseClinicalEventFieldwise, type ClinicalEvent } from '@vigil/contracts';
import type { Measurement } from './measurement';

export interface EventBase {
  id: string;
  patientId: string;
  source?: string;
}

/** A measurement the event contract refused while the event's other fields were kept (§10). */
export interface RefusedMeasurement {
  /** Where it came from: "OBX[3]" or "entry.2.resource.component.0". */
  location: string;
  /** The contract field it would have filled. */
  field: string;
  reason: string;
}

export type BuildResult = { ok: true; event: ClinicalEvent; refused: RefusedMeasurement[] } | { ok: false; reason: string; path?: string };

/**
 * Builds one canonical event from measurements that belong together (same patient, same time) and
 * validates it with the contract's own parser, so nothing the mappers emit can be refused later by the
 * event store. Validation errors become a reason instead of an exception. A vitals event is checked
 * field by field (CLINICAL_RULES.md §10): a bad measurement is refused with where it came from, and
 * the event keeps the others (a bad temperature OBX still delivers the SBP of its group).
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
  const parsed = parseClinicalEventFieldwise(candidate);
  if (parsed.ok) {
    const refused = parsed.refused.map((e) => ({
      location: measurements.find((m) => m.target.kind === 'vital' && (m.target.field === e.path || (e.path === 'method' && m.target.method)))?.location ?? first.location,
      field: e.path,
      reason: e.message,
    }));
    return { ok: true, event: parsed.value, refused };
  }
  const e = parsed.errors[0];
  return { ok: false, reason: `${e.path}: ${e.message}`, path: e.path };
}
