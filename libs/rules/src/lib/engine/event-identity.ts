import type { ClinicalEvent } from '@vigil/contracts';
import { toMs } from '../time';
import { labKind } from './lab-codes';

/**
 * When an event happened clinically (§6.0, §6.5): a lab's specimen collection time (it is resulted
 * hours later), otherwise its `time`. Patient history is kept, and late events found, on this time.
 */
export function effectiveMs(event: ClinicalEvent): number {
  if (event.type === 'lab' && event.specimenTime) return toMs(event.specimenTime);
  return toMs(event.time);
}

/**
 * The key under which a later event with another id replaces an earlier one (§10, DECISIONS.md):
 * urine for the same period and site, a lab result for the same analyte and specimen. Null for
 * events that are only ever corrected by resending their id.
 */
export function correctionKey(event: ClinicalEvent): string | null {
  if (event.type === 'urine') return `urine|${toMs(event.periodStart)}|${toMs(event.time)}|${(event as { site?: string }).site ?? ''}`;
  if (event.type === 'lab' && event.specimenTime) {
    const kind = labKind(event);
    return `lab|${kind === 'other' ? event.code.toUpperCase() : kind}|${toMs(event.specimenTime)}`;
  }
  return null;
}

/** Same content, whatever the key order (a resent event is a duplicate; a changed one a correction). */
export function sameContent(a: ClinicalEvent, b: ClinicalEvent): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}
