import type { ObservationTarget } from './observation-target';

/**
 * ISO/IEEE 11073-10101 (MDC) codes sent by bedside monitors (IHE PCD-01). The numeric code is
 * partition × 65536 + term code; the reference id (MDC_…) usually travels as OBX-3.2. We match on either,
 * so a monitor that sends only one of them still maps. Only codes confirmed in public PCD-01 samples and
 * device integrations are listed; an unlisted code is refused rather than guessed.
 */
const MDC: readonly [number, string, ObservationTarget][] = [
  [150017, 'MDC_PRESS_BLD_SYS', { kind: 'vital', field: 'sbp' }],
  [150018, 'MDC_PRESS_BLD_DIA', { kind: 'vital', field: 'dbp' }],
  [150019, 'MDC_PRESS_BLD_MEAN', { kind: 'vital', field: 'map' }],
  [150021, 'MDC_PRESS_BLD_NONINV_SYS', { kind: 'vital', field: 'sbp', method: 'nibp' }],
  [150022, 'MDC_PRESS_BLD_NONINV_DIA', { kind: 'vital', field: 'dbp', method: 'nibp' }],
  [150023, 'MDC_PRESS_BLD_NONINV_MEAN', { kind: 'vital', field: 'map', method: 'nibp' }],
  [150037, 'MDC_PRESS_BLD_ART_ABP_SYS', { kind: 'vital', field: 'sbp', method: 'arterial' }],
  [150038, 'MDC_PRESS_BLD_ART_ABP_DIA', { kind: 'vital', field: 'dbp', method: 'arterial' }],
  [150039, 'MDC_PRESS_BLD_ART_ABP_MEAN', { kind: 'vital', field: 'map', method: 'arterial' }],
  [147842, 'MDC_ECG_HEART_RATE', { kind: 'vital', field: 'hr' }],
  [149530, 'MDC_PULS_OXIM_PULS_RATE', { kind: 'vital', field: 'hr' }],
  [150456, 'MDC_PULS_OXIM_SAT_O2', { kind: 'vital', field: 'spo2' }],
  [151562, 'MDC_RESP_RATE', { kind: 'vital', field: 'rr' }],
  [150344, 'MDC_TEMP', { kind: 'vital', field: 'temp' }],
  [150364, 'MDC_TEMP_BODY', { kind: 'vital', field: 'temp' }],
  [184327, 'MDC_ECG_STAT_RHY', { kind: 'rhythm' }],
  [188736, 'MDC_MASS_BODY_ACTUAL', { kind: 'weight' }],
  // 2:16000 "RR time period, global" (ISO/IEEE 11073-10102 via DICOM CID 3689): a monitor's RR series.
  [147072, 'MDC_ECG_TIME_PD_RR_GL', { kind: 'rr-intervals' }],
];

/** Other reference ids vendors use for the same quantities (e.g. 147842 is also MDC_ECG_CARD_BEAT_RATE). */
const ALIASES: Readonly<Record<string, string>> = {
  // Arterial line pressures sent under the generic arterial reference ids.
  MDC_PRESS_BLD_ART_SYS: 'MDC_PRESS_BLD_ART_ABP_SYS',
  MDC_PRESS_BLD_ART_DIA: 'MDC_PRESS_BLD_ART_ABP_DIA',
  MDC_PRESS_BLD_ART_MEAN: 'MDC_PRESS_BLD_ART_ABP_MEAN',
  MDC_ECG_CARD_BEAT_RATE: 'MDC_ECG_HEART_RATE',
  MDC_PULS_RATE: 'MDC_PULS_OXIM_PULS_RATE',
  MDC_TTHOR_RESP_RATE: 'MDC_RESP_RATE',
  MDC_AWAY_RESP_RATE: 'MDC_RESP_RATE',
  MDC_CO2_RESP_RATE: 'MDC_RESP_RATE',
};

const byCode = new Map(MDC.map(([code, refId, target]) => [code, { refId, target }]));
const byRefId = new Map(MDC.map(([code, refId, target]) => [refId, { code, target }]));

export function mdcByCode(code: number): { refId: string; target: ObservationTarget } | undefined {
  return byCode.get(code);
}

export function mdcByRefId(refId: string): { code: number; target: ObservationTarget } | undefined {
  const upper = refId.trim().toUpperCase();
  return byRefId.get(ALIASES[upper] ?? upper);
}

/**
 * Philips MDIL writes MDC codes as "partition-term" in hex ("0002-4bb8" = 2×65536 + 0x4bb8 = 150456,
 * SpO2). Returns the numeric MDC code, or null when the text is not in that form.
 */
export function mdilToMdc(text: string): number | null {
  const m = /^([0-9a-fA-F]{4})-([0-9a-fA-F]{4})$/.exec(text.trim());
  return m ? parseInt(m[1], 16) * 65536 + parseInt(m[2], 16) : null;
}
