/** NEWS2 Chart 1 and Chart 4 (Royal College of Physicians 2017; CLINICAL_RULES.md §5, §6.11). */
export interface News2Inputs {
  respRate?: number;
  spo2?: number;
  onOxygen?: boolean;
  sbp?: number;
  pulse?: number;
  /** 'A' alert; 'C' new confusion, 'V', 'P', 'U' each score 3. */
  acvpu?: string;
  temp?: number;
  /** SpO2 scale 2: only for confirmed hypercapnic respiratory failure. */
  scale2?: boolean;
}

/** §6.11: LOW 1–4; MEDIUM 5–6 or any single parameter scoring 3 (Chart 4's "low–medium"); HIGH ≥7. */
export type News2Band = 'none' | 'low' | 'medium' | 'high';

export interface News2Result {
  score: number;
  band: News2Band;
  /** Per-parameter sub-scores of the parameters that were available. */
  parts: Partial<Record<'respRate' | 'spo2' | 'air' | 'sbp' | 'pulse' | 'acvpu' | 'temp', number>>;
  /** All seven parameters were present. */
  complete: boolean;
}

export function respRateScore(v: number): number {
  if (v <= 8) return 3;
  if (v <= 11) return 1;
  if (v <= 20) return 0;
  if (v <= 24) return 2;
  return 3;
}

export function spo2Scale1Score(v: number): number {
  if (v <= 91) return 3;
  if (v <= 93) return 2;
  if (v <= 95) return 1;
  return 0;
}

export function spo2Scale2Score(v: number, onOxygen: boolean): number {
  if (v <= 83) return 3;
  if (v <= 85) return 2;
  if (v <= 87) return 1;
  if (v <= 92 || !onOxygen) return 0;
  if (v <= 94) return 1;
  if (v <= 96) return 2;
  return 3;
}

export function sbpScore(v: number): number {
  if (v <= 90) return 3;
  if (v <= 100) return 2;
  if (v <= 110) return 1;
  if (v <= 219) return 0;
  return 3;
}

export function pulseScore(v: number): number {
  if (v <= 40) return 3;
  if (v <= 50) return 1;
  if (v <= 90) return 0;
  if (v <= 110) return 1;
  if (v <= 130) return 2;
  return 3;
}

export function tempScore(v: number): number {
  // Chart 1 bands are to one decimal; round first so 38.04 scores like 38.0.
  const t = Math.round(v * 10) / 10;
  if (t <= 35.0) return 3;
  if (t <= 36.0) return 1;
  if (t <= 38.0) return 0;
  if (t <= 39.0) return 1;
  return 2;
}

export function news2Score(i: News2Inputs): News2Result {
  const parts: News2Result['parts'] = {};
  if (i.respRate !== undefined) parts.respRate = respRateScore(i.respRate);
  if (i.spo2 !== undefined) parts.spo2 = i.scale2 ? spo2Scale2Score(i.spo2, i.onOxygen === true) : spo2Scale1Score(i.spo2);
  if (i.onOxygen !== undefined) parts.air = i.onOxygen ? 2 : 0;
  if (i.sbp !== undefined) parts.sbp = sbpScore(i.sbp);
  if (i.pulse !== undefined) parts.pulse = pulseScore(i.pulse);
  if (i.acvpu !== undefined) parts.acvpu = i.acvpu === 'A' ? 0 : 3;
  if (i.temp !== undefined) parts.temp = tempScore(i.temp);
  const values = Object.values(parts) as number[];
  const score = values.reduce((a, b) => a + b, 0);
  const anyThree = values.some((v) => v === 3);
  const band: News2Band = score >= 7 ? 'high' : score >= 5 || anyThree ? 'medium' : score >= 1 ? 'low' : 'none';
  return { score, band, parts, complete: values.length === 7 };
}
