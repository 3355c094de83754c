import type { ClinicalEvent } from '@vigil/contracts';

export const DEMO_WARD = { id: 'W-DEMO', name: 'Oncology 4 — HD IL-2 (demo)' };
export const DEMO_PASSWORD = 'vigil-demo';
export const DEMO_DEVICE_KEY = 'demo-device-key';
export const DEMO_DEVICE_KEY_ID = 'demo-device';
export const DEMO_USERS = [
  { id: 'u-physician', username: 'physician', displayName: 'Dr. Demo Physician', role: 'physician' as const, wardIds: [DEMO_WARD.id] },
  { id: 'u-nurse', username: 'nurse', displayName: 'Demo Nurse', role: 'nurse' as const, wardIds: [DEMO_WARD.id] },
  { id: 'u-admin', username: 'admin', displayName: 'Demo Admin', role: 'admin' as const, wardIds: [DEMO_WARD.id] },
];

interface DemoPatient {
  id: string;
  bed: string;
  name: string;
  weightKg: number;
  baseSbp: number;
  baseHr: number;
  /** Which storyline the patient follows in each 30-minute demo cycle. */
  story: 'steady' | 'hypotension' | 'af' | 'oliguria' | 'fever';
}

export const DEMO_PATIENTS: DemoPatient[] = [
  { id: 'P-DEMO-01', bed: '1', name: 'A. Lindqvist', weightKg: 82, baseSbp: 124, baseHr: 84, story: 'steady' },
  { id: 'P-DEMO-02', bed: '2', name: 'B. Okafor', weightKg: 74, baseSbp: 112, baseHr: 92, story: 'oliguria' },
  { id: 'P-DEMO-03', bed: '3', name: 'C. Moreau', weightKg: 68, baseSbp: 104, baseHr: 98, story: 'hypotension' },
  { id: 'P-DEMO-04', bed: '4', name: 'D. Tanaka', weightKg: 90, baseSbp: 130, baseHr: 78, story: 'fever' },
  { id: 'P-DEMO-05', bed: '5', name: 'E. Novak', weightKg: 77, baseSbp: 118, baseHr: 88, story: 'af' },
  { id: 'P-DEMO-06', bed: '6', name: 'F. Haddad', weightKg: 65, baseSbp: 116, baseHr: 80, story: 'steady' },
];

export const DEMO_STEP_SECONDS = 5;
const CYCLE_SECONDS = 30 * 60;

export function demoAdmissions(now: Date): ClinicalEvent[] {
  return DEMO_PATIENTS.map((p) => ({
    id: `demo-admit-${p.id}`,
    patientId: p.id,
    time: new Date(now.getTime() - 3_600_000).toISOString(),
    type: 'admit',
    source: 'demo',
    wardId: DEMO_WARD.id,
    bed: p.bed,
    weightKg: p.weightKg,
    displayName: p.name,
    mrn: `DEMO-${p.bed.padStart(4, '0')}`,
    baseline: { sbp: p.baseSbp, weightKg: p.weightKg },
  }));
}

/** Small deterministic noise so the demo looks alive without a random source. */
function wobble(seed: number, t: number, amplitude: number): number {
  return Math.round(amplitude * (Math.sin(t / 37 + seed) * 0.6 + Math.sin(t / 11 + seed * 3) * 0.4));
}

/**
 * The built-in demo scenario: the events of step `n` (one every DEMO_STEP_SECONDS) for every demo
 * patient. Bed 3 becomes hypotensive within the first 20 seconds, so an alert shows within a minute
 * of the first start; bed 5 goes into AF after two minutes; bed 2's urine output falls.
 */
export function demoStep(n: number, at: Date): ClinicalEvent[] {
  const t = (n * DEMO_STEP_SECONDS) % CYCLE_SECONDS;
  const time = at.toISOString();
  const stamp = at.getTime();
  const out: ClinicalEvent[] = [];
  DEMO_PATIENTS.forEach((p, i) => {
    let sbp = p.baseSbp + wobble(i, n, 4);
    let hr = p.baseHr + wobble(i + 7, n, 3);
    let temp = 37.2 + wobble(i + 3, n, 1) / 10;
    if (p.story === 'hypotension' && t >= 10 && t < 12 * 60) sbp = 84 + wobble(i, n, 2);
    if (p.story === 'fever' && t >= 5 * 60 && t < 20 * 60) temp = 38.9 + wobble(i, n, 1) / 10;
    if (p.story === 'af' && t >= 120 && t < 15 * 60) hr = 128 + wobble(i, n, 8);
    const dbp = Math.round(sbp * 0.58);
    out.push({
      id: `demo-${p.id}-${stamp}-v`,
      patientId: p.id,
      time,
      type: 'vitals',
      source: `demo:bed-${p.bed}`,
      sbp,
      dbp,
      map: Math.round((sbp + 2 * dbp) / 3),
      hr,
      spo2: 96 + wobble(i + 5, n, 2) / 2,
      rr: 16 + wobble(i + 9, n, 2),
      temp: Math.round(temp * 10) / 10,
      method: 'nibp',
    });
    if (p.story === 'af' && (t === 120 || t === 15 * 60)) {
      out.push({ id: `demo-${p.id}-${stamp}-r`, patientId: p.id, time, type: 'rhythm', source: `demo:bed-${p.bed}`, rhythm: t === 120 ? 'af' : 'sinus', hr });
    }
    if (t % 300 === 0) {
      const mlPerKgH = p.story === 'oliguria' && t >= 600 ? 0.25 : 0.9;
      out.push({
        id: `demo-${p.id}-${stamp}-u`,
        patientId: p.id,
        time,
        type: 'urine',
        source: 'demo:charting',
        volumeMl: Math.round((mlPerKgH * p.weightKg * 300) / 3600),
        periodStart: new Date(stamp - 300_000).toISOString(),
      });
    }
  });
  return out;
}
