import { z } from 'zod';
import { isoTime } from './iso-time.schema';

/** Fields every canonical event carries (DESIGN.md, contract v1). */
const base = {
  id: z.string().min(1).max(200),
  patientId: z.string().min(1).max(100),
  time: isoTime,
  source: z.string().max(200).optional(),
};

const mmHg = z.number().min(0).max(400);

/**
 * Oxygen support charted with the vitals (CLINICAL_RULES.md §10 "Oxygen"), so HYPOXIA's H2–H4 and
 * NEWS2's air-or-oxygen term can be judged. Room air is a device too: it says "no oxygen" explicitly.
 */
export const oxygenDevices = ['room-air', 'nasal-cannula', 'mask', 'high-flow', 'non-rebreather', 'niv', 'intubated'] as const;
export type OxygenDevice = (typeof oxygenDevices)[number];

/** The fields of which a vitals event needs at least one. */
export const vitalsMeasurementFields = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp', 'o2FlowLpm', 'fio2Pct', 'o2Device'] as const;

export const vitalsEventSchema = z
  .object({
    ...base,
    type: z.literal('vitals'),
    sbp: mmHg.optional(),
    dbp: mmHg.optional(),
    map: mmHg.optional(),
    hr: z.number().min(0).max(400).optional(),
    spo2: z.number().min(0).max(100).optional(),
    rr: z.number().min(0).max(150).optional(),
    temp: z.number().min(20).max(46).optional(),
    o2FlowLpm: z.number().min(0).max(80).optional(),
    /** Inspired oxygen, % (LOINC 3150-0); 21 is room air. */
    fio2Pct: z.number().min(21).max(100).optional(),
    o2Device: z.enum(oxygenDevices).optional(),
    method: z.enum(['arterial', 'nibp']).optional(),
  })
  .refine(
    (v) => vitalsMeasurementFields.some((k) => v[k] !== undefined),
    { message: `a vitals event needs at least one measurement (${vitalsMeasurementFields.join(', ')})` },
  );

export const rhythmLabels = ['sinus', 'af', 'aflutter', 'svt', 'vt', 'brady', 'other'] as const;
export const rhythmEventSchema = z.object({
  ...base,
  type: z.literal('rhythm'),
  rhythm: z.enum(rhythmLabels),
  hr: z.number().min(0).max(400).optional(),
});

/**
 * Per-beat class letters an `rr` event may carry when the monitor labels beats, one per interval (the
 * class of the beat that ends it): N normal, S supraventricular ectopic, V ventricular ectopic
 * (fusion included), P paced, Q artefact or unclassifiable.
 */
export const beatClassLetters = ['N', 'S', 'V', 'P', 'Q'] as const;

export const rrEventSchema = z.object({
  ...base,
  type: z.literal('rr'),
  intervalsMs: z.array(z.number().positive().max(10000)).min(1).max(10000),
  /** One letter per interval; the length check is in parseClinicalEvent (a refinement would not survive the union). */
  beatClasses: z
    .string()
    .regex(/^[NSVPQ]*$/, 'beat classes are letters N, S, V, P or Q, one per interval')
    .optional(),
});

export const urineEventSchema = z.object({
  ...base,
  type: z.literal('urine'),
  volumeMl: z.number().min(0).max(5000),
  periodStart: isoTime,
  /**
   * Where it was collected (e.g. catheter, nephrostomy-left, nephrostomy-right, void; §10). The same
   * period on the same site is a correction; different sites add up. Absent: one default site.
   */
  site: z.string().min(1).max(60).optional(),
});

export const labEventSchema = z.object({
  ...base,
  type: z.literal('lab'),
  code: z.string().min(1).max(40),
  value: z.number(),
  unit: z.string().max(40),
  loinc: z.string().max(20).optional(),
  specimenTime: isoTime.optional(),
});

export const weightEventSchema = z.object({ ...base, type: z.literal('weight'), kg: z.number().positive().max(500) });

export const doseEventSchema = z.object({
  ...base,
  type: z.literal('dose'),
  drug: z.string().min(1),
  doseNumber: z.number().int().positive(),
  status: z.enum(['given', 'held']),
  reason: z.string().max(1000).optional(),
});

export const pressorEventSchema = z.object({
  ...base,
  type: z.literal('pressor'),
  drug: z.string().min(1),
  rateMcgKgMin: z.number().min(0).max(100),
});

export const neuroEventSchema = z.object({
  ...base,
  type: z.literal('neuro'),
  acvpu: z.enum(['A', 'C', 'V', 'P', 'U']),
  notes: z.string().max(2000).optional(),
});

export const baselineSchema = z.object({
  sbp: mmHg.optional(),
  map: mmHg.optional(),
  weightKg: z.number().positive().max(500).optional(),
  creatinine: z.number().positive().optional(),
});

export const admitEventSchema = z.object({
  ...base,
  type: z.literal('admit'),
  wardId: z.string().min(1).max(100),
  bed: z.string().min(1).max(40),
  /**
   * Optional: an ADT A01 often carries no weight, and a patient must not go unmonitored for that.
   * Until a weight (here, a `weight` event or baseline.weightKg) is known, per-kg urine rules wait.
   */
  weightKg: z.number().positive().max(500).optional(),
  mrn: z.string().max(100).optional(),
  displayName: z.string().max(200).optional(),
  baseline: baselineSchema.optional(),
});

export const transferEventSchema = z.object({
  ...base,
  type: z.literal('transfer'),
  wardId: z.string().min(1).max(100),
  bed: z.string().min(1).max(40),
});

export const dischargeEventSchema = z.object({ ...base, type: z.literal('discharge') });

export const roles = ['physician', 'nurse', 'admin'] as const;
export const dispositions = ['dose-held', 'dose-continued', 'fluids-given', 'other'] as const;

export const acknowledgeEventSchema = z.object({
  ...base,
  type: z.literal('acknowledge'),
  alertId: z.string().min(1),
  by: z.string().min(1),
  role: z.enum(roles),
  note: z.string().max(2000).optional(),
  disposition: z.enum(dispositions).optional(),
});

export const thresholdsEventSchema = z.object({
  ...base,
  type: z.literal('thresholds'),
  scope: z.enum(['ward', 'patient']),
  /** Required when scope is 'ward'; the event's patientId then names who made the change's context (any patient of the ward). */
  wardId: z.string().min(1).optional(),
  values: z.record(z.string(), z.number()),
  by: z.string().min(1),
  reason: z.string().min(1).max(2000),
});

export const clinicalEventSchema = z.discriminatedUnion('type', [
  vitalsEventSchema,
  rhythmEventSchema,
  rrEventSchema,
  urineEventSchema,
  labEventSchema,
  weightEventSchema,
  doseEventSchema,
  pressorEventSchema,
  neuroEventSchema,
  admitEventSchema,
  transferEventSchema,
  dischargeEventSchema,
  acknowledgeEventSchema,
  thresholdsEventSchema,
]);

export type ClinicalEvent = z.infer<typeof clinicalEventSchema>;
export type ClinicalEventType = ClinicalEvent['type'];
export type EventOf<T extends ClinicalEventType> = Extract<ClinicalEvent, { type: T }>;
export type VitalsEvent = EventOf<'vitals'>;
export type RhythmEvent = EventOf<'rhythm'>;
export type RrEvent = EventOf<'rr'>;
export type UrineEvent = EventOf<'urine'>;
export type LabEvent = EventOf<'lab'>;
export type AdmitEvent = EventOf<'admit'>;
export type AcknowledgeEvent = EventOf<'acknowledge'>;
export type Role = (typeof roles)[number];
export type Disposition = (typeof dispositions)[number];
export const clinicalEventTypes = clinicalEventSchema.options.map((o) => o.shape.type.value) as ClinicalEventType[];
