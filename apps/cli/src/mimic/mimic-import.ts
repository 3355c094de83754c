import type { ClinicalEvent, OxygenDevice, RhythmEvent } from '@vigil/contracts';
import { readCsvObjects } from '@vigil/interop';

/** MIMIC times are `YYYY-MM-DD HH:MM:SS`, already UTC-like (date-shifted); canonical form is ISO with ms. */
export function mimicTime(s: string): string {
  return `${s.replace(' ', 'T')}.000Z`.replace(/T(\d\d:\d\d)\.000Z$/, 'T$1:00.000Z');
}

type VitalField = 'sbp' | 'dbp' | 'map' | 'hr' | 'spo2' | 'rr' | 'temp' | 'o2FlowLpm' | 'fio2Pct';
interface ItemMap {
  field: VitalField;
  method?: 'arterial' | 'nibp';
  fahrenheit?: boolean;
  /** Charted as a fraction (0.21–1.0) or a percentage: a value ≤ 1 is a fraction, read as × 100. */
  fraction?: boolean;
  /** Lower number = preferred when two items give the same field at the same time. */
  rank: number;
}

/** CareVue and MetaVision item ids (SOURCE.md) → canonical vitals fields. */
export const VITAL_ITEMS: Readonly<Record<string, ItemMap>> = {
  '211': { field: 'hr', rank: 0 }, '220045': { field: 'hr', rank: 0 },
  '51': { field: 'sbp', method: 'arterial', rank: 0 }, '8368': { field: 'dbp', method: 'arterial', rank: 0 }, '52': { field: 'map', method: 'arterial', rank: 0 },
  '220050': { field: 'sbp', method: 'arterial', rank: 0 }, '220051': { field: 'dbp', method: 'arterial', rank: 0 }, '220052': { field: 'map', method: 'arterial', rank: 0 },
  '225312': { field: 'map', method: 'arterial', rank: 1 },
  '6701': { field: 'sbp', method: 'arterial', rank: 2 }, '8555': { field: 'dbp', method: 'arterial', rank: 2 }, '6702': { field: 'map', method: 'arterial', rank: 2 },
  '455': { field: 'sbp', method: 'nibp', rank: 0 }, '8441': { field: 'dbp', method: 'nibp', rank: 0 }, '456': { field: 'map', method: 'nibp', rank: 0 },
  '220179': { field: 'sbp', method: 'nibp', rank: 0 }, '220180': { field: 'dbp', method: 'nibp', rank: 0 }, '220181': { field: 'map', method: 'nibp', rank: 0 },
  '442': { field: 'sbp', method: 'nibp', rank: 1 }, '8440': { field: 'dbp', method: 'nibp', rank: 1 }, '443': { field: 'map', method: 'nibp', rank: 1 },
  '646': { field: 'spo2', rank: 0 }, '220277': { field: 'spo2', rank: 0 },
  '618': { field: 'rr', rank: 0 }, '220210': { field: 'rr', rank: 0 }, '615': { field: 'rr', rank: 1 }, '224690': { field: 'rr', rank: 1 },
  '676': { field: 'temp', rank: 0 }, '223762': { field: 'temp', rank: 0 },
  '678': { field: 'temp', fahrenheit: true, rank: 1 }, '223761': { field: 'temp', fahrenheit: true, rank: 1 },
  // Oxygen support (§10 "Oxygen"; DECISIONS.md "MIMIC oxygen items"): FiO2 (MetaVision Inspired O2 Fraction,
  // CareVue FiO2 and FiO2 set) and O2 flow (MetaVision O2 Flow, CareVue O2 Flow (lpm)).
  '223835': { field: 'fio2Pct', fraction: true, rank: 0 }, '3420': { field: 'fio2Pct', fraction: true, rank: 1 }, '190': { field: 'fio2Pct', fraction: true, rank: 2 },
  '223834': { field: 'o2FlowLpm', rank: 0 }, '470': { field: 'o2FlowLpm', rank: 0 },
};
/** O2 delivery device, a charted text (MetaVision O2 Delivery Device(s), CareVue O2 Delivery Device). */
export const O2_DEVICE_ITEMS = new Set(['226732', '467']);

/**
 * MIMIC's charted O2 delivery texts → the contract's device, listed explicitly. A tracheostomy tube,
 * "Other" or an unlisted text says nothing about support and is left out (no device, not room air).
 */
const O2_DEVICES: Readonly<Record<string, OxygenDevice>> = {
  'none': 'room-air', 'room air': 'room-air',
  'nasal cannula': 'nasal-cannula', 'oxymizer': 'nasal-cannula',
  'face tent': 'mask', 'aerosol-cool': 'mask', 'venti mask': 'mask', 'trach mask': 'mask', 'medium conc mask': 'mask', 'standard face mask': 'mask', 'ultrasonic neb': 'mask', 'vapomist': 'mask',
  'non-rebreather': 'non-rebreather',
  'high flow neb': 'high-flow', 'hi flow neb': 'high-flow', 'high flow nasal cannula': 'high-flow',
  'bipap mask': 'niv', 'cpap mask': 'niv',
  'endotracheal tube': 'intubated', 'ventilator': 'intubated', 't-piece': 'intubated',
};
export function mimicO2Device(text: string): OxygenDevice | null {
  return O2_DEVICES[text.trim().toLowerCase()] ?? null;
}
export const RHYTHM_ITEMS = new Set(['212', '220048']);

/** Urine output items (mimic-code's urine-output concept, without the GU irrigant pair 227488/227489 whose volume is not all urine). */
export const URINE_ITEMS = new Set(['40055', '43175', '40069', '40094', '40715', '40473', '40085', '40057', '40056', '40405', '40428', '40086', '40096', '40651', '226559', '226560', '226561', '226584', '226563', '226564', '226565', '226567', '226557', '226558', '40061', '40065', '226627', '226631']);
export const CREATININE_ITEM = '50912';

/**
 * MIMIC's charted rhythm texts → rhythm labels, listed explicitly (a pattern such as "ventricular tach"
 * would read "Supravent Tachy" as VT). First-degree AV block, paced and junctional rhythms are 'other'.
 */
const RHYTHMS: Readonly<Record<string, RhythmEvent['rhythm']>> = {
  'Atrial Fib': 'af', 'AF (Atrial Fibrillation)': 'af',
  'Atrial Flutter': 'aflutter', 'A Flut (Atrial Flutter)': 'aflutter',
  'Supravent Tachy': 'svt', 'SVT (Supra Ventricular Tachycardia)': 'svt',
  'Vent. Tachy': 'vt', 'V Tach': 'vt', 'VT (Ventricular Tachycardia)': 'vt',
  'Sinus Brady': 'brady', 'SB (Sinus Bradycardia)': 'brady',
  'SR (Sinus Rhythm)': 'sinus', 'Normal Sinus': 'sinus', 'ST (Sinus Tachycardia)': 'sinus', 'Sinus Tachy': 'sinus', 'Sinus Arrhythmia': 'sinus',
};
export function mimicRhythm(text: string): RhythmEvent['rhythm'] | null {
  const t = text.trim();
  if (!t) return null;
  return RHYTHMS[t] ?? 'other';
}

/** Values outside these are charting artefacts (a zeroed line, a mistyped field) and are dropped. */
export const PLAUSIBLE: Readonly<Record<VitalField, [number, number]>> = {
  sbp: [30, 300], dbp: [10, 250], map: [20, 250], hr: [15, 300], spo2: [50, 100], rr: [2, 80], temp: [25, 45], o2FlowLpm: [0, 80], fio2Pct: [21, 100],
};

/** A nominal weight: the demo extract has no weights, and the admit event requires one (affects only mL/kg urine rules). */
export const NOMINAL_WEIGHT_KG = 70;

export const ATTRIBUTION =
  'Derived from the MIMIC-III Clinical Database Demo v1.4 (Johnson A, Pollard T, Mark R; PhysioNet; doi:10.13026/C2HM2Q), ' +
  'via github.com/eth-mds/mimic-demo @ 15f5e0ce; licensed under the Open Database License (ODbL) v1.0: share derived databases alike, with this attribution. ' +
  'Converted by `vigil import mimic` (charted vitals with oxygen support, rhythm, urine output, serum creatinine; implausible values dropped; admit weight is a nominal 70 kg, not charted).';

export interface StayStream {
  icustayId: string;
  patientId: string;
  subjectId: string;
  intime: string;
  outtime: string;
  careunit: string;
  events: ClinicalEvent[];
}

export interface ImportStats {
  stays: number;
  staysWithData: number;
  events: number;
  byType: Record<string, number>;
  droppedImplausible: number;
  droppedErrorFlag: number;
}

export interface MimicTables {
  icustays: string;
  vitals: string;
  outputs: string;
  labs?: string;
}

/**
 * Converts the MIMIC-III demo tables into one canonical stream per ICU stay: an admit at intime (ward
 * `MIMIC-<first care unit>`, bed = icustay id), vitals grouped by chart time and blood-pressure method,
 * rhythm labels, urine output (period from the previous urine chart of the stay, or 1 h), serum creatinine
 * within the stay, and a discharge at outtime. Streams are in time order.
 */
export function importMimic(tables: MimicTables, onProgress?: (rows: number) => void): { stays: StayStream[]; stats: ImportStats } {
  const stats: ImportStats = { stays: 0, staysWithData: 0, events: 0, byType: {}, droppedImplausible: 0, droppedErrorFlag: 0 };
  const stays = new Map<string, StayStream>();
  const byHadm = new Map<string, StayStream[]>();
  for (const r of readCsvObjects(tables.icustays)) {
    const s: StayStream = { icustayId: r['icustay_id'], patientId: `MIMIC-${r['icustay_id']}`, subjectId: r['subject_id'], intime: mimicTime(r['intime']), outtime: mimicTime(r['outtime'] || r['intime']), careunit: r['first_careunit'] || 'ICU', events: [] };
    stays.set(s.icustayId, s);
    byHadm.set(r['hadm_id'], [...(byHadm.get(r['hadm_id']) ?? []), s]);
  }
  stats.stays = stays.size;

  // Vitals and rhythm, grouped per stay, chart time and BP method.
  type Group = { time: string; method?: 'arterial' | 'nibp'; values: Partial<Record<VitalField, { v: number; rank: number }>>; device?: OxygenDevice };
  const groups = new Map<string, Map<string, Group>>();
  let rows = 0;
  for (const r of readCsvObjects(tables.vitals)) {
    if (++rows % 20000 === 0) onProgress?.(rows);
    const stay = stays.get(r['icustay_id']);
    if (!stay) continue;
    if (r['error'] === '1') {
      stats.droppedErrorFlag++;
      continue;
    }
    const time = mimicTime(r['charttime']);
    if (RHYTHM_ITEMS.has(r['itemid'])) {
      const label = mimicRhythm(r['value']);
      if (label) stay.events.push({ id: `mimic-${stay.icustayId}-rhythm-${r['charttime'].replace(/\D/g, '')}-${r['itemid']}`, patientId: stay.patientId, time, type: 'rhythm', rhythm: label, source: `mimic3-demo:${r['itemid']}` });
      continue;
    }
    if (O2_DEVICE_ITEMS.has(r['itemid'])) {
      const device = mimicO2Device(r['value']);
      if (!device) continue;
      const perStay = groups.get(stay.icustayId) ?? new Map<string, Group>();
      groups.set(stay.icustayId, perStay);
      const key = `${time}|`;
      const g = perStay.get(key) ?? { time, values: {} };
      perStay.set(key, g);
      g.device = device;
      continue;
    }
    const item = VITAL_ITEMS[r['itemid']];
    if (!item || r['valuenum'] === '') continue;
    let v = Number(r['valuenum']);
    if (item.fahrenheit) v = Math.round((((v - 32) * 5) / 9) * 10) / 10;
    if (item.fraction && v > 0 && v <= 1) v = Math.round(v * 1000) / 10;
    const [lo, hi] = PLAUSIBLE[item.field];
    if (!Number.isFinite(v) || v < lo || v > hi) {
      stats.droppedImplausible++;
      continue;
    }
    const isBp = item.field === 'sbp' || item.field === 'dbp' || item.field === 'map';
    const key = `${time}|${isBp ? item.method : ''}`;
    const perStay = groups.get(stay.icustayId) ?? new Map<string, Group>();
    groups.set(stay.icustayId, perStay);
    const g = perStay.get(key) ?? { time, method: isBp ? item.method : undefined, values: {} };
    perStay.set(key, g);
    const prev = g.values[item.field];
    if (!prev || item.rank < prev.rank) g.values[item.field] = { v, rank: item.rank };
  }
  onProgress?.(rows);
  for (const [stayId, perStay] of groups) {
    const stay = stays.get(stayId);
    if (!stay) continue;
    // Non-BP values of a time join that time's BP event (arterial first) so one chart time is one event where possible.
    const byTime = new Map<string, Group[]>();
    for (const g of perStay.values()) byTime.set(g.time, [...(byTime.get(g.time) ?? []), g]);
    for (const [time, gs] of byTime) {
      const order = (g: Group) => (g.method === 'arterial' ? 0 : g.method === 'nibp' ? 1 : 2);
      gs.sort((a, b) => order(a) - order(b));
      const plain = gs.find((g) => !g.method);
      const bp = gs.filter((g) => g.method);
      if (plain && bp.length) {
        Object.assign(bp[0].values, plain.values);
        if (plain.device) bp[0].device = plain.device;
        gs.splice(gs.indexOf(plain), 1);
      }
      for (const g of gs) {
        const fields: Record<string, number | string> = Object.fromEntries(Object.entries(g.values).flatMap(([k, x]) => (x ? [[k, x.v]] : [])));
        if (g.device) fields['o2Device'] = g.device;
        if (Object.keys(fields).length === 0) continue;
        stay.events.push({ id: `mimic-${stayId}-vitals-${time.replace(/\D/g, '').slice(0, 14)}${g.method ? `-${g.method}` : ''}`, patientId: stay.patientId, time, type: 'vitals', ...(g.method ? { method: g.method } : {}), ...fields, source: 'mimic3-demo:chartevents' } as ClinicalEvent);
      }
    }
  }

  // Urine output: the period runs from the stay's previous urine chart time (or 1 h before).
  const urine = readCsvObjects(tables.outputs)
    .filter((r) => URINE_ITEMS.has(r['itemid']) && stays.has(r['icustay_id']) && r['iserror'] !== '1' && r['value'] !== '')
    .sort((a, b) => (a['icustay_id'] < b['icustay_id'] ? -1 : a['icustay_id'] > b['icustay_id'] ? 1 : a['charttime'] < b['charttime'] ? -1 : a['charttime'] > b['charttime'] ? 1 : 0));
  let lastStay = '';
  let lastTime = '';
  let prevTime = '';
  for (const r of urine) {
    const stay = stays.get(r['icustay_id']);
    if (!stay) continue;
    const time = mimicTime(r['charttime']);
    if (stay.icustayId !== lastStay) {
      lastStay = stay.icustayId;
      lastTime = '';
      prevTime = '';
    }
    if (time !== lastTime) {
      prevTime = lastTime;
      lastTime = time;
    }
    const ml = Number(r['value']);
    if (!Number.isFinite(ml) || ml < 0 || ml > 5000) {
      stats.droppedImplausible++;
      continue;
    }
    const periodStart = prevTime || new Date(Date.parse(time) - 3_600_000).toISOString();
    stay.events.push({ id: `mimic-${stay.icustayId}-urine-${r['row_id']}`, patientId: stay.patientId, time, type: 'urine', volumeMl: ml, periodStart, source: `mimic3-demo:${r['itemid']}` });
  }

  // Serum creatinine drawn during the stay.
  if (tables.labs) {
    for (const r of readCsvObjects(tables.labs)) {
      if (r['itemid'] !== CREATININE_ITEM || r['valuenum'] === '') continue;
      const time = mimicTime(r['charttime']);
      for (const stay of byHadm.get(r['hadm_id']) ?? []) {
        if (time < stay.intime || time > stay.outtime) continue;
        stay.events.push({ id: `mimic-${stay.icustayId}-lab-${r['row_id']}`, patientId: stay.patientId, time, type: 'lab', code: 'CREAT', value: Number(r['valuenum']), unit: 'mg/dL', loinc: '2160-0', specimenTime: time, source: 'mimic3-demo:labevents' });
      }
    }
  }

  const out: StayStream[] = [];
  for (const stay of stays.values()) {
    if (stay.events.length === 0) continue;
    // Two charts of one item at one time (rare) would share an id: number the repeats.
    const seen = new Map<string, number>();
    for (const e of stay.events) {
      const n = seen.get(e.id) ?? 0;
      seen.set(e.id, n + 1);
      if (n > 0) e.id = `${e.id}-${n + 1}`;
    }
    stats.staysWithData++;
    const body = stay.events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const first = body[0].time < stay.intime ? body[0].time : stay.intime;
    const last = body[body.length - 1].time > stay.outtime ? body[body.length - 1].time : stay.outtime;
    stay.events = [
      { id: `mimic-${stay.icustayId}-admit`, patientId: stay.patientId, time: first, type: 'admit', wardId: `MIMIC-${stay.careunit}`, bed: stay.icustayId, weightKg: NOMINAL_WEIGHT_KG, mrn: stay.subjectId, source: 'mimic3-demo:icustays' },
      ...body,
      { id: `mimic-${stay.icustayId}-discharge`, patientId: stay.patientId, time: last, type: 'discharge', source: 'mimic3-demo:icustays' },
    ];
    for (const e of stay.events) stats.byType[e.type] = (stats.byType[e.type] ?? 0) + 1;
    stats.events += stay.events.length;
    out.push(stay);
  }
  out.sort((a, b) => (a.icustayId < b.icustayId ? -1 : 1));
  return { stays: out, stats };
}
