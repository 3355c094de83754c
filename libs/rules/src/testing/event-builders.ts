import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';

/** Test builders: compact events at minute offsets from a fixed start. Not part of the public API. */
export const T0 = Date.parse('2026-11-26T10:00:00.000Z');
export const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

let n = 0;
type Body<T extends ClinicalEvent['type']> = Omit<Extract<ClinicalEvent, { type: T }>, 'id' | 'patientId' | 'time' | 'type'>;

export function evt<T extends ClinicalEvent['type']>(type: T, min: number, body: Body<T>, patientId = 'P1', id?: string): ClinicalEvent {
  return { id: id ?? `${patientId}-${type}-${++n}`, patientId, time: at(min), type, ...body } as unknown as ClinicalEvent;
}

export const admit = (min = -60, patientId = 'P1', extra: Partial<Body<'admit'>> = {}) =>
  evt('admit', min, { wardId: 'W1', bed: '1', weightKg: 70, ...extra }, patientId);
export const vitals = (min: number, v: Body<'vitals'>, patientId = 'P1', id?: string) => evt('vitals', min, v, patientId, id);

/** Compact "type rule severity state" view of transitions, for readable expectations. */
export const brief = (ts: EngineTransition[]) => ts.map((t) => `${t.type} ${t.alert.rule} ${t.alert.severity} ${t.alert.state}`);
