import { z } from 'zod';

export const alertSeverities = ['low', 'medium', 'high'] as const;
export const alertStates = ['pending', 'active', 'acknowledged', 'resolved', 'cancelled'] as const;
export const alertRules = [
  'hypotension',
  'af_rhythm',
  'af_rr',
  'oliguria',
  'creatinine',
  'weight_gain',
  'il2_rising',
  'sil2r_rising',
  'tachycardia',
  'hypoxia',
  'fever',
  'data_gap',
  'dose_gate',
  'confusion',
] as const;

export const evidenceSchema = z.object({
  eventId: z.string(),
  time: z.string(),
  field: z.string(),
  value: z.union([z.number(), z.string()]),
});

export const alertSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  wardId: z.string().nullable(),
  bed: z.string().nullable(),
  rule: z.string(),
  severity: z.enum(alertSeverities),
  state: z.enum(alertStates),
  openedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackNote: z.string().nullable(),
  ackDisposition: z.string().nullable().optional(),
  escalationLevel: z.number().int().min(0),
  message: z.string(),
  evidence: z.array(evidenceSchema),
  thresholds: z.record(z.string(), z.number()).and(z.object({ version: z.number() })),
  /**
   * Set by the service when a transition of this alert was caused by late or corrected data (§10):
   * the effective and recorded times of its first such transition, usually its raise (the dashboard
   * shows "charted late").
   * The engine never sets it.
   */
  chartedLate: z.object({ effectiveAt: z.string(), recordedAt: z.string() }).nullable().optional(),
});

export type AlertSeverity = (typeof alertSeverities)[number];
export type AlertState = (typeof alertStates)[number];
export type AlertRule = (typeof alertRules)[number];
export type Evidence = z.infer<typeof evidenceSchema>;
export type Alert = z.infer<typeof alertSchema>;

export const severityRank: Record<AlertSeverity, number> = { low: 1, medium: 2, high: 3 };
