import { formatDateTime, formatHourMinute } from './time-format';

/** Evidence and event field names as a clinician says them, with their unit. */
const fields: Record<string, { label: string; unit?: string }> = {
  sbp: { label: 'SBP', unit: 'mmHg' },
  dbp: { label: 'DBP', unit: 'mmHg' },
  map: { label: 'MAP', unit: 'mmHg' },
  hr: { label: 'HR', unit: '/min' },
  spo2: { label: 'SpO₂', unit: '%' },
  rr: { label: 'RR', unit: '/min' },
  temp: { label: 'Temp', unit: '°C' },
  o2FlowLpm: { label: 'O₂ flow', unit: 'L/min' },
  volumeMl: { label: 'Urine', unit: 'mL' },
  urine: { label: 'Urine', unit: 'mL' },
  rhythm: { label: 'Rhythm' },
  rrIntervals: { label: 'RR intervals' },
  creatinine: { label: 'Creatinine', unit: 'mg/dL' },
  weight: { label: 'Weight', unit: 'kg' },
  kg: { label: 'Weight', unit: 'kg' },
  weightKg: { label: 'Weight', unit: 'kg' },
  il2: { label: 'IL-2', unit: 'pg/mL' },
  sil2r: { label: 'sIL-2R', unit: 'U/mL' },
  acvpu: { label: 'Consciousness (ACVPU)' },
  rateMcgKgMin: { label: 'Pressor', unit: 'µg/kg/min' },
  doseNumber: { label: 'Dose' },
  news2: { label: 'NEWS2' },
  last_vitals: { label: 'Last vitals' },
  last_urine: { label: 'Last urine' },
  last_rr: { label: 'Last monitor beat' },
  last_rhythm: { label: 'Last rhythm' },
  last_lab: { label: 'Last lab' },
  last_creatinine: { label: 'Last creatinine' },
  af_burden: { label: 'AF burden' },
  type: { label: 'Event' },
};

const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/** "sbp" → "SBP", "last_vitals" → "Last vitals", an unknown camelCase or snake_case name → words. */
export function fieldLabel(field: string): string {
  const known = fields[field];
  if (known) return known.label;
  const words = field
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An evidence value with its unit; a time in the value becomes the ward's local date and time. */
export function evidenceValue(field: string, value: number | string, timeZone?: string): string {
  if (typeof value === 'string') {
    return humanizeText(value, timeZone);
  }
  const unit = fields[field]?.unit;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return unit ? `${shown} ${unit}` : shown;
}

/** Replaces machine times inside a rule's message with the ward's local time ("since 21:49"). */
export function humanizeText(text: string, timeZone?: string): string {
  ISO_IN_TEXT.lastIndex = 0;
  return text.replace(ISO_IN_TEXT, (iso) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    return Math.abs(Date.now() - t) < 20 * 3_600_000 ? formatHourMinute(t, timeZone) : formatDateTime(t, timeZone);
  });
}

/**
 * What a broken live connection means, in plain words. socket.io's own texts ("xhr poll error",
 * "websocket error", "transport close") say nothing to a nurse; the server's refusals are kept.
 */
export function connectionProblem(detail: string | null): string | null {
  if (!detail) return null;
  const d = detail.toLowerCase();
  if (/xhr poll error|websocket error|transport (close|error)|econnrefused|failed to fetch|network/.test(d)) return 'Cannot reach the Vigil server (network or server down). Retrying automatically.';
  if (/ping timeout/.test(d)) return 'The connection went quiet. Retrying automatically.';
  if (/timeout/.test(d)) return 'The Vigil server is not answering. Retrying automatically.';
  if (/io server disconnect/.test(d)) return 'The server closed the connection. Retrying automatically.';
  if (/token|jwt|auth/.test(d)) return 'Your session has ended: sign in again.';
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

/** Transition names of the audit trail as words. */
export const transitionLabels: Record<string, string> = {
  raised: 'Raised',
  updated: 'Updated',
  escalated: 'Escalated',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
  silenced: 'Silenced',
  shelved: 'Shelved',
};
