import type { RhythmEvent } from '@vigil/contracts';

export type RhythmLabel = RhythmEvent['rhythm'];

/**
 * Monitor rhythm classifications arrive as MDC enumerations (MDC_ECG_…), SNOMED CT codes (FHIR) or vendor
 * text. The order matters: "sinus bradycardia" is brady and "atrial flutter" must not fall into the AF
 * pattern. Anything recognisably a rhythm but not one Vigil alerts on (paced, junctional…) is 'other';
 * blank text is null (no rhythm event).
 */
const PATTERNS: readonly [RegExp, RhythmLabel][] = [
  [/\b(5370000)\b|FLUT/i, 'aflutter'],
  [/\b(49436004)\b|A(TR(IAL)?)?[_\s-]?FIB|\bAF\b/i, 'af'],
  // SVT before VT: "supraventricular tachycardia" and MDC_ECG_SV_TACHY contain the VT patterns.
  [/\b(6456007)\b|SUPRA[_\s-]?VENT|\bSVT\b|(?:^|[^A-Z])SV[_\s-]?TACH/i, 'svt'],
  [/\b(25569003)\b|V(ENT(RICULAR)?)?[_\s-]?TACH|\bVT\b/i, 'vt'],
  [/\b(49710005)\b|BRADY/i, 'brady'],
  [/\b(426783006|11092001)\b|SINUS|\bNSR\b/i, 'sinus'],
];

export function toRhythmLabel(...texts: (string | undefined)[]): RhythmLabel | null {
  const joined = texts.filter((t): t is string => !!t && t.trim() !== '').join(' ');
  if (joined === '') return null;
  for (const [pattern, label] of PATTERNS) if (pattern.test(joined)) return label;
  return 'other';
}
