import { beatClassLetters } from '@vigil/contracts';

/**
 * RR-interval series and their per-beat classes (issue 18), as monitors may send them:
 * - the intervals under MDC_ECG_TIME_PD_RR_GL (ISO/IEEE 11073-10102 2:16000 = 147072, "RR time period,
 *   global"; DICOM CID 3689): HL7 OBX-2 NA (or NM) with the values as components or repetitions of
 *   OBX-5; FHIR valueSampledData.data (space-separated). Unit ms (default) or s. The observation time is
 *   the time of the last beat.
 * - the classes, one letter per interval (the beat ending it: N normal, S supraventricular ectopic,
 *   V ventricular ectopic, P paced, Q artefact/unclassified), under Vigil's own code `beat-classes`
 *   (no standard code carries a beat-class string): HL7 an ST OBX coded `beat-classes^Beat
 *   classes^99VIGIL` right after the RR OBX it describes; FHIR a component of the RR Observation coded
 *   {system: VIGIL_CODE_SYSTEM, code: 'beat-classes'} with valueString.
 */
export const RR_INTERVALS_MDC = 147072;
export const BEAT_CLASSES_CODE = 'beat-classes';
/** Vigil's code system for codes no standard defines (HL7 v2 local system 99VIGIL; FHIR this URI). */
export const VIGIL_CODE_SYSTEM = 'urn:vigil:codes';
export const VIGIL_HL7_SYSTEM = '99VIGIL';

export type SeriesResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The intervals in ms from their texts and unit ('ms', 's' or none: ms). */
export function parseRrIntervals(texts: readonly string[], unit: string | undefined): SeriesResult<number[]> {
  const u = (unit ?? '').trim().toLowerCase();
  const factor = u === '' || u === 'ms' || u === 'msec' ? 1 : u === 's' || u === 'sec' ? 1000 : NaN;
  if (Number.isNaN(factor)) return { ok: false, reason: `RR intervals in unit "${unit}"; send ms or s` };
  const values = texts.map((t) => t.trim()).filter((t) => t !== '');
  if (values.length === 0) return { ok: false, reason: 'no RR intervals' };
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!NUMBER.test(values[i])) return { ok: false, reason: `RR interval ${i + 1} ("${values[i]}") is not a number` };
    out.push(Math.round(Number(values[i]) * factor * 1000) / 1000);
  }
  return { ok: true, value: out };
}

/** One class letter per interval (case-insensitive, spaces ignored). */
export function parseBeatClasses(text: string, intervals: number): SeriesResult<string> {
  const letters = text.replace(/\s+/g, '').toUpperCase();
  const bad = [...letters].findIndex((c) => !(beatClassLetters as readonly string[]).includes(c));
  if (bad >= 0) return { ok: false, reason: `beat class "${letters[bad]}" at position ${bad + 1} is not one of ${beatClassLetters.join(' ')}` };
  if (letters.length !== intervals) return { ok: false, reason: `${letters.length} beat classes for ${intervals} RR intervals; send one per interval` };
  return { ok: true, value: letters };
}
