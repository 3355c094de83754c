import { LOINC_TARGETS } from './loinc-codes';
import { mdcByCode, mdcByRefId, mdilToMdc } from './mdc-codes';
import { BEAT_CLASSES_CODE, VIGIL_CODE_SYSTEM, VIGIL_HL7_SYSTEM } from './rr-series';
import type { MatchedCode, ObservationTarget } from './observation-target';

/** A code as it arrives: HL7 CE/CWE triplet or FHIR Coding. */
export interface CodeInput {
  code?: string;
  display?: string;
  system?: string;
}

const LOINC_SYSTEMS = new Set(['LN', 'LOINC', 'HTTP://LOINC.ORG', 'URN:OID:2.16.840.1.113883.6.1']);
// urn:std:iso:… is a misspelling seen in the wild (HealthKit exporters); accepted as the same system.
const MDC_SYSTEMS = new Set(['MDC', 'MDIL', 'URN:ISO:STD:ISO:11073:10101', 'URN:STD:ISO:11073:10101', 'URN:OID:2.16.840.1.113883.6.24']);
const LOINC_PATTERN = /^\d{1,7}-\d$/;
/**
 * Vigil's own code system, for what has no LOINC or MDC code we could confirm: the oxygen delivery
 * device (§10 "Oxygen"). HL7: OBX-3 `O2-DEVICE^Oxygen delivery device^VIGIL`; FHIR: coding system
 * `urn:vigil:observation`, code `o2-device`. The value is the device as text or a coded concept.
 */
export const VIGIL_CODE_SYSTEMS = new Set(['VIGIL', 'URN:VIGIL:OBSERVATION']);
const VIGIL_CODES: Readonly<Record<string, ObservationTarget>> = { 'O2-DEVICE': { kind: 'vital', field: 'o2Device' } };

/**
 * Finds what one coding means to Vigil. LOINC codes are trusted when the system says LOINC, or when no
 * system is given and the code has LOINC's check-digit shape; MDC codes by system, by an MDC_ reference id
 * in the display text, or by MDIL's hex form; Vigil's own codes by its system. Other local codes never match.
 */
export function lookupCode(input: CodeInput): MatchedCode | undefined {
  const code = (input.code ?? '').trim();
  const system = (input.system ?? '').trim().toUpperCase();
  const display = (input.display ?? '').trim();

  // Vigil's own code (no standard one exists), only under Vigil's system.
  if (code === BEAT_CLASSES_CODE && (system === VIGIL_HL7_SYSTEM || system === VIGIL_CODE_SYSTEM.toUpperCase())) return { system: 'VIGIL', code, target: { kind: 'beat-classes' } };
  if (code && (LOINC_SYSTEMS.has(system) || (system === '' && LOINC_PATTERN.test(code)))) {
    const target = LOINC_TARGETS[code];
    if (target) return { system: 'LOINC', code, target };
  }
  if (code && VIGIL_CODE_SYSTEMS.has(system)) {
    const target = VIGIL_CODES[code.toUpperCase()];
    if (target) return { system: 'VIGIL', code: code.toUpperCase(), target };
  }
  const isMdcSystem = MDC_SYSTEMS.has(system);
  if (code && (isMdcSystem || system === '' || /^MDC_/i.test(display))) {
    const numeric = /^\d+$/.test(code) ? Number(code) : mdilToMdc(code);
    const hit = numeric === null ? undefined : mdcByCode(numeric);
    if (hit) return { system: 'MDC', code: String(numeric), refId: hit.refId, target: hit.target };
  }
  for (const ref of [display, code]) {
    if (/^MDC_/i.test(ref)) {
      const hit = mdcByRefId(ref);
      if (hit) return { system: 'MDC', code: String(hit.code), refId: ref.toUpperCase(), target: hit.target };
    }
  }
  return undefined;
}

/** First coding of a list that Vigil understands (HL7 primary then alternate; FHIR coding[] in order). */
export function lookupFirst(inputs: CodeInput[]): MatchedCode | undefined {
  for (const input of inputs) {
    const hit = lookupCode(input);
    if (hit) return hit;
  }
  return undefined;
}
