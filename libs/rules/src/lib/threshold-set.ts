/**
 * Every number a rule uses, as data (CLINICAL_RULES.md: "thresholds are data, not code").
 * Defaults carry their source tag in the comment; ENG = engineering default, configurable per ward/patient.
 */
export interface ThresholdValues {
  // §6.0 lifecycle (ENG)
  snoozeHighMin: number;
  snoozeMediumMin: number;
  escalateHighMin: number;
  escalateHighPhysicianMin: number;
  escalateMediumMin: number;
  // §6.1 HYPOTENSION
  sbpLow: number; // C1 [PI-2024]
  mapLow: number; // C2 [SSC21], ENG adoption
  sbpSevere: number; // HIGH band, ENG
  mapSevere: number; // HIGH band, ENG
  sbpSingleReading: number; // one NIBP reading suffices below this, ENG
  sbpBaselineFraction: number; // C3, ENG
  nibpPairMaxGapMin: number; // the recheck prompt asks for a repeat NIBP within this, ENG
  intermittentStaleH: number; // §10: two qualifying intermittent readings confirm at any gap up to this, ENG
  arterialSustainSec: number; // ENG
  hypoResolveArterialMin: number; // ENG
  hypoResolveReadings: number; // ENG
  hypoResolveSpanMin: number; // §6.0 hysteresis for intermittent readings: the resolving readings span ≥ this (§6.1's arterial 15 min), ENG
  pressorRelativeMax: number; // P1 max in 8 h [D14]
  pressorRelativeAtDose: number; // P1 at dose [D14]
  pressorAbsoluteMax: number; // P2 max in 8 h [D14]
  pressorAbsoluteAtDose: number; // P2 at dose [D14]
  pressorWindowH: number; // [D14] "during the interval"
  pressorStableMin: number; // resolve needs no pressor rise in this window, ENG
  hypoAckEscalateMin: number; // MEDIUM → HIGH if still active after ack, ENG
  // §6.2 AF_RHYTHM_LABEL (ENG)
  afLabelSustainSec: number;
  afLabelResolveMin: number;
  afLabelQuietMin: number;
  // §6.3 / §3.2 AF_RR (Dash09 thresholds; windowing ENG)
  dashWindow: number;
  dashStep: number;
  dashTrim: number;
  dashNrmssd: number;
  dashShannon: number;
  dashTprLow: number;
  dashTprHigh: number;
  dashMaxExcludedFraction: number;
  afRrSustainWindows: number;
  afRrResolveWindows: number;
  rrMinMs: number;
  rrMaxMs: number;
  rrGapMs: number;
  afRrHrHigh: number;
  // §6.4 OLIGURIA
  uoAbsoluteMlH: number; // O2 [SP15]
  uoRelativeMlH: number; // O1 [SP15]
  uoShiftAbsoluteMl: number; // O3 [D14]
  uoShiftRelativeMl: number; // O3 [D14]
  uoShiftH: number;
  uoMlPerKgShift: number; // O4 [TIL24]
  uoKdigoMlKgH: number; // O5 [KDIGO12]
  uoKdigoSevereMlKgH: number; // O5 stage 3 [KDIGO12]
  uoCoverage: number; // ENG
  uoLabelMlH: number; // O6 (label, UNVERIFIED)
  uoLabelHours: number; // O6 (label, UNVERIFIED)
  // §6.5 CREATININE (mg/dL)
  creatRiseMgDl: number; // K1 [KDIGO12]
  creatRiseWindowH: number;
  creatRelative: number; // R1 [D14]
  creatAbsolute: number; // A1 [D14]
  creatSevere: number; // K3 [KDIGO12]
  creatK1Ratio: number;
  creatK2Ratio: number;
  creatK3Ratio: number;
  creatBaselineFloorMgDl: number; // §10: ratios use a baseline no lower than this
  // §6.6 WEIGHT_GAIN (fractions of baseline)
  weightWarnFraction: number; // ENG
  weightHoldFraction: number; // [D14, SP15]
  weightRepeatMin: number; // ENG
  // §6.7a IL2_PK (pg/mL; invented fixtures only — no public IL-2 data)
  il2Url: number; // [ARUP-IL2]
  il2Ratio: number; // ENG
  il2TroughMinH: number; // ENG
  il2PeakExclusionH: number; // [K90] ~3 terminal half-lives
  il2PerIuMl: number; // pg per IU, derived from [PI-2024]
  // §6.7b SIL2R (U/mL)
  sil2rHlh: number; // S1 [HLH04]
  sil2rHigh: number; // S2 [H17, LabCorp]
  sil2rRatio: number; // S3 ENG
  sil2rRatioWindowH: number;
  sil2rUrl: number; // assay upper limit, U/mL [H17 ELISA]
  sil2rUrlPgMl: number; // assay upper limit, pg/mL [ARUP-IL2R]
  il2CycleGapH: number; // a dose-free gap this long starts a new cycle, ENG
  // §6.8 TACHYCARDIA
  hrRelative: number; // [D14]; SP15 uses 120
  hrAbsolute: number; // >130 [D14, SP15]
  hrSustainMin: number; // ENG
  hrResolve: number; // ENG
  hrResolveMin: number; // ENG
  // §6.9 HYPOXIA
  spo2Low: number; // H1 [PI-2024]
  spo2Severe: number; // ENG
  spo2SustainSec: number; // ENG
  spo2SevereSustainSec: number; // ENG
  spo2Target: number; // [D14]
  o2RelativeLpm: number; // H2 [D14] 3–4 L/min
  o2AbsoluteLpm: number; // H3 [D14] >4 L/min
  o2HighFlowLpm: number; // H4 ENG (ASTCT)
  fio2AbsolutePct: number; // H3 [D14] ≥40% by mask
  o2SustainMin: number; // ENG
  spo2ResolveMin: number; // ENG
  // §6.10 FEVER
  tempFever: number; // T1 [ASTCT19]
  tempHigh: number; // T2 NEWS2 band
  feverExpectedH: number; // [D14 Table 2]
  feverResolveH: number; // ENG
  // §10 DATA_GAP: the ward's expected interval per input; a gap must be strictly longer (ENG, per ward)
  vitalsGapH: number;
  urineGapH: number;
  monitorGapMin: number; // §10: monitor rhythm/RR feed, once the patient has one
  // §6.12 DOSE_GATE, amended by §10
  doseIntervalH: number; // q8h [PI-2024]
  gateVitalsMaxAgeH: number; // §10: BP and HR older than this at the gate are missing data
  gateUrineCoverage: number; // §10: urine must cover this share of the last 8 h
  gateCreatinineMaxAgeH: number; // §10: creatinine older than this is missing data
  doseGatePreH: number; // T_dose − 2 h [TIL24]
  dosesPerCycle: number; // at most 14 per cycle [PI-2024 Table 1]
  doseHeldStop: number; // 3 held doses → STOP-REVIEW [SP15]
  doseGateExpiryH: number; // no dose documented this long after T_dose: the gate closes (ENG)
  // §6.13 CONFUSION
  confusionStopMin: number; // not reversed within 2 h → STOP-REVIEW [D14]
  // §6.11 NEWS2
  news2Window: number; // minutes, ENG
  news2Scale2: number; // 1 = SpO2 scale 2 (confirmed hypercapnic failure)
}

export interface ThresholdSet {
  version: number;
  values: ThresholdValues;
}

export const DEFAULT_THRESHOLDS_VERSION = 1;

const DEFAULTS: ThresholdValues = {
  snoozeHighMin: 2,
  snoozeMediumMin: 10,
  escalateHighMin: 2,
  escalateHighPhysicianMin: 5,
  escalateMediumMin: 10,
  sbpLow: 90,
  mapLow: 65,
  sbpSevere: 80,
  mapSevere: 60,
  sbpSingleReading: 70,
  sbpBaselineFraction: 0.8,
  nibpPairMaxGapMin: 15,
  intermittentStaleH: 4,
  arterialSustainSec: 60,
  hypoResolveArterialMin: 15,
  hypoResolveReadings: 2,
  hypoResolveSpanMin: 15,
  pressorRelativeMax: 1.0,
  pressorRelativeAtDose: 0.5,
  pressorAbsoluteMax: 1.5,
  pressorAbsoluteAtDose: 0.8,
  pressorWindowH: 8,
  pressorStableMin: 60,
  hypoAckEscalateMin: 30,
  afLabelSustainSec: 30,
  afLabelResolveMin: 30,
  afLabelQuietMin: 60,
  dashWindow: 128,
  dashStep: 16,
  dashTrim: 8,
  dashNrmssd: 0.1,
  dashShannon: 0.7,
  dashTprLow: 0.54,
  dashTprHigh: 0.77,
  dashMaxExcludedFraction: 0.1,
  afRrSustainWindows: 2,
  afRrResolveWindows: 24,
  rrMinMs: 250,
  rrMaxMs: 2500,
  rrGapMs: 3000,
  afRrHrHigh: 130,
  uoAbsoluteMlH: 10,
  uoRelativeMlH: 20,
  uoShiftAbsoluteMl: 80,
  uoShiftRelativeMl: 160,
  uoShiftH: 8,
  uoMlPerKgShift: 4,
  uoKdigoMlKgH: 0.5,
  uoKdigoSevereMlKgH: 0.3,
  uoCoverage: 0.9,
  uoLabelMlH: 10,
  uoLabelHours: 16,
  creatRiseMgDl: 0.3,
  creatRiseWindowH: 48,
  creatRelative: 2.5,
  creatAbsolute: 3.0,
  creatSevere: 4.0,
  creatK1Ratio: 1.5,
  creatK2Ratio: 2.0,
  creatK3Ratio: 3.0,
  creatBaselineFloorMgDl: 0.6,
  weightWarnFraction: 0.1,
  weightHoldFraction: 0.15,
  weightRepeatMin: 120,
  il2Url: 2.1,
  il2Ratio: 2,
  il2TroughMinH: 7,
  il2PeakExclusionH: 4,
  il2PerIuMl: 62,
  sil2rHlh: 2400,
  sil2rHigh: 10000,
  sil2rRatio: 2,
  sil2rRatioWindowH: 72,
  sil2rUrl: 846,
  sil2rUrlPgMl: 1033,
  il2CycleGapH: 72,
  hrRelative: 100,
  hrAbsolute: 130,
  hrSustainMin: 5,
  hrResolve: 100,
  hrResolveMin: 15,
  spo2Low: 90,
  spo2Severe: 85,
  spo2SustainSec: 30,
  spo2SevereSustainSec: 15,
  spo2Target: 95,
  o2RelativeLpm: 3,
  o2AbsoluteLpm: 4,
  o2HighFlowLpm: 6,
  fio2AbsolutePct: 40,
  o2SustainMin: 30,
  spo2ResolveMin: 10,
  tempFever: 38.0,
  tempHigh: 39.1,
  feverExpectedH: 6,
  feverResolveH: 4,
  vitalsGapH: 4,
  urineGapH: 3,
  monitorGapMin: 5,
  doseIntervalH: 8,
  gateVitalsMaxAgeH: 2,
  gateUrineCoverage: 0.9,
  gateCreatinineMaxAgeH: 24,
  doseGatePreH: 2,
  dosesPerCycle: 14,
  doseHeldStop: 3,
  doseGateExpiryH: 2,
  confusionStopMin: 120,
  news2Window: 60,
  news2Scale2: 0,
};

/** The locally approved defaults of CLINICAL_RULES.md, version 1. A fresh copy each call. */
export function defaultThresholds(): ThresholdSet {
  return { version: DEFAULT_THRESHOLDS_VERSION, values: { ...DEFAULTS } };
}

export type ThresholdKey = keyof ThresholdValues;
export const thresholdKeys = Object.keys(DEFAULTS) as ThresholdKey[];

export function isThresholdKey(k: string): k is ThresholdKey {
  return Object.prototype.hasOwnProperty.call(DEFAULTS, k);
}

/** Keeps only known keys with finite values: an override can never inject a field a rule does not read. */
export function sanitizeOverrides(values: Record<string, number> | Partial<ThresholdValues> | undefined): Partial<ThresholdValues> {
  const out: Partial<ThresholdValues> = {};
  if (!values) return out;
  for (const [k, v] of Object.entries(values)) if (isThresholdKey(k) && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/**
 * Layers defaults ← engine-wide ← ward ← patient. The version in force counts every layer's
 * changes on top of the default version, so any override yields a different, reproducible number.
 */
export function layerThresholds(base: ThresholdSet, layers: Array<{ values: Partial<ThresholdValues>; changes: number }>): ThresholdSet {
  const values = { ...base.values };
  let version = base.version;
  for (const layer of layers) {
    Object.assign(values, layer.values);
    version += layer.changes;
  }
  return { version, values };
}
