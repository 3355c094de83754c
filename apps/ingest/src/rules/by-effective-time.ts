import type { ClinicalEvent } from '@vigil/contracts';

/** Orders events by effective time; ISO UTC strings of one format compare correctly as strings. */
export function byEffectiveTime(a: ClinicalEvent, b: ClinicalEvent): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
