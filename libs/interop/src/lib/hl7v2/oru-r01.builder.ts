import type { ClinicalEvent } from '@vigil/contracts';
import { DEFAULT_HL7_ENCODING } from './hl7-encoding';
import { escapeHl7 } from './hl7-escape';

export interface OruBuildOptions {
  /** MSH-10, echoed in the ACK. */
  controlId: string;
  /** MSH-3 (default VIGIL); the service's event ids become `hl7:<MSH-3>:<MSH-10>:obx<n>:<time>`. */
  sendingApp?: string;
  sendingFacility?: string;
  /** MSH-12 (default 2.6). */
  version?: string;
}

/** ISO time → HL7 DTM in UTC with milliseconds (YYYYMMDDHHMMSS.SSS+0000). */
export function toHl7DateTime(iso: string): string {
  const d = new Date(Date.parse(iso));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}+0000`;
}

type Obx = { code: string; text: string; system: 'LN' | 'MDC'; type: 'NM' | 'ST' | 'CWE'; value: string; unit: string };

const VITALS: Record<string, { loinc: string; text: string; unit: string }> = {
  sbp: { loinc: '8480-6', text: 'Systolic blood pressure', unit: 'mm[Hg]' },
  dbp: { loinc: '8462-4', text: 'Diastolic blood pressure', unit: 'mm[Hg]' },
  map: { loinc: '8478-0', text: 'Mean blood pressure', unit: 'mm[Hg]' },
  hr: { loinc: '8867-4', text: 'Heart rate', unit: '/min' },
  spo2: { loinc: '59408-5', text: 'SpO2', unit: '%' },
  rr: { loinc: '9279-1', text: 'Respiratory rate', unit: '/min' },
  temp: { loinc: '8310-5', text: 'Body temperature', unit: 'Cel' },
  o2FlowLpm: { loinc: '3151-8', text: 'Inhaled oxygen flow rate', unit: 'L/min' },
};
// 'SVT', not the long name: toRhythmLabel reads "Supraventricular tachycardia" as VT (its VT pattern matches first).
/** Pressures with a method use the IEEE 11073 codes that carry it (LOINC codes do not). */
const MDC_BP: Record<'nibp' | 'arterial', Record<'sbp' | 'dbp' | 'map', [string, string]>> = {
  nibp: { sbp: ['150021', 'MDC_PRESS_BLD_NONINV_SYS'], dbp: ['150022', 'MDC_PRESS_BLD_NONINV_DIA'], map: ['150023', 'MDC_PRESS_BLD_NONINV_MEAN'] },
  arterial: { sbp: ['150037', 'MDC_PRESS_BLD_ART_ABP_SYS'], dbp: ['150038', 'MDC_PRESS_BLD_ART_ABP_DIA'], map: ['150039', 'MDC_PRESS_BLD_ART_ABP_MEAN'] },
};
const LAB_LOINC: Record<string, [string, string]> = { IL2: ['33939-0', 'Interleukin 2'], SIL2R: ['76039-7', 'Interleukin 2 receptor soluble'], CREAT: ['2160-0', 'Creatinine'], PLT: ['777-3', 'Platelets'] };
const RHYTHM_TEXT: Record<string, string> = { sinus: 'Sinus rhythm', af: 'Atrial fibrillation', aflutter: 'Atrial flutter', svt: 'SVT', vt: 'Ventricular tachycardia', brady: 'Sinus bradycardia', other: 'Other rhythm' };

const num = (v: number) => String(Math.round(v * 100) / 100);

/**
 * Canonical event → HL7 v2 ORU^R01 text (segments end in CR), the inverse of `mapHl7Message` for what
 * HL7 carries: vitals (one OBX per field), rhythm (8884-9 text, with its HR), urine (9187-6, period in
 * OBR-7..OBR-8), labs (IL2, SIL2R, CREAT, PLT by LOINC, specimen time in OBR-7) and weight (29463-7).
 * Anything else (admit, rr intervals, doses, clinician actions…) returns null: send it another way.
 */
export function buildOruR01(event: ClinicalEvent, opts: OruBuildOptions): string | null {
  const obx: Obx[] = [];
  let obr7 = event.time;
  let obr8 = '';
  switch (event.type) {
    case 'vitals':
      for (const k of Object.keys(VITALS) as (keyof typeof VITALS)[]) {
        const v = event[k as keyof typeof event];
        if (typeof v !== 'number') continue;
        const def = VITALS[k];
        if ((k === 'sbp' || k === 'dbp' || k === 'map') && event.method) {
          const [code, text] = MDC_BP[event.method][k];
          obx.push({ code, text, system: 'MDC', type: 'NM', value: num(v), unit: 'mm[Hg]' });
        } else obx.push({ code: def.loinc, text: def.text, system: 'LN', type: 'NM', value: num(v), unit: def.unit });
      }
      break;
    case 'rhythm':
      obx.push({ code: '8884-9', text: 'Heart rhythm', system: 'LN', type: 'ST', value: RHYTHM_TEXT[event.rhythm] ?? 'Other rhythm', unit: '' });
      if (event.hr !== undefined) obx.push({ code: '8867-4', text: 'Heart rate', system: 'LN', type: 'NM', value: num(event.hr), unit: '/min' });
      break;
    case 'urine':
      obr7 = event.periodStart;
      obr8 = event.time;
      obx.push({ code: '9187-6', text: 'Urine output', system: 'LN', type: 'NM', value: num(event.volumeMl), unit: 'mL' });
      break;
    case 'lab': {
      const loinc = event.loinc && Object.values(LAB_LOINC).some(([c]) => c === event.loinc) ? [event.loinc, event.code] : LAB_LOINC[event.code.toUpperCase()];
      if (!loinc) return null;
      obr7 = event.specimenTime ?? event.time;
      obx.push({ code: loinc[0], text: loinc[1], system: 'LN', type: 'NM', value: num(event.value), unit: event.unit });
      break;
    }
    case 'weight':
      obx.push({ code: '29463-7', text: 'Body weight', system: 'LN', type: 'NM', value: num(event.kg), unit: 'kg' });
      break;
    default:
      return null;
  }
  if (obx.length === 0) return null;
  const e = (s: string) => escapeHl7(s, DEFAULT_HL7_ENCODING);
  const at = toHl7DateTime(event.time);
  const segments = [
    `MSH|^~\\&|${e(opts.sendingApp ?? 'VIGIL')}|${e(opts.sendingFacility ?? 'REPLAY')}|VIGIL|HOSP|${at}||ORU^R01^ORU_R01|${e(opts.controlId)}|P|${opts.version ?? '2.6'}`,
    `PID|1||${e(event.patientId)}^^^VIGIL^MR`,
    `OBR|1|||${event.type}^${event.type}|||${toHl7DateTime(obr7)}|${obr8 ? toHl7DateTime(obr8) : ''}`,
    ...obx.map((o, i) => `OBX|${i + 1}|${o.type}|${o.code}^${e(o.text)}^${o.system}||${e(o.value)}|${e(o.unit)}|||||F|||${at}`),
  ];
  return segments.join('\r');
}
