import type { OxygenDevice } from '@vigil/contracts';

const DEVICE_TEXT: Record<OxygenDevice, string> = {
  'room-air': 'room air',
  'nasal-cannula': 'nasal cannula',
  mask: 'mask',
  'high-flow': 'high-flow',
  'non-rebreather': 'non-rebreather',
  niv: 'NIV',
  intubated: 'intubated',
};
const SHORT_DEVICE: Record<OxygenDevice, string> = { 'room-air': 'RA', 'nasal-cannula': 'NC', mask: 'mask', 'high-flow': 'HF', 'non-rebreather': 'NRB', niv: 'NIV', intubated: 'ETT' };

const num = (v: number | null | undefined): v is number => v !== null && v !== undefined && !Number.isNaN(v);
const flowText = (f: number) => f.toFixed(f % 1 ? 1 : 0);

/**
 * Oxygen support as a nurse says it: "3 L/min O₂", "room air", "non-rebreather 15 L/min", "mask FiO₂ 40%";
 * null when none is charted.
 */
export function oxygenText(o2FlowLpm: number | null | undefined, device?: OxygenDevice | null, fio2Pct?: number | null): string | null {
  if (device === 'room-air') return 'room air';
  const parts: string[] = [];
  if (device) parts.push(DEVICE_TEXT[device]);
  if (num(o2FlowLpm)) {
    if (o2FlowLpm === 0 && !device && !num(fio2Pct)) return 'room air';
    if (o2FlowLpm > 0) parts.push(device ? `${flowText(o2FlowLpm)} L/min` : `${flowText(o2FlowLpm)} L/min O₂`);
  }
  if (num(fio2Pct)) parts.push(`FiO₂ ${Math.round(fio2Pct)}%`);
  return parts.length ? parts.join(' ') : null;
}

/** The same for a compact tile's narrow cell: "O₂ 12.5L", "room air", "NRB 15L". */
export function shortOxygenText(o2FlowLpm: number | null | undefined, device?: OxygenDevice | null): string | null {
  if (device === 'room-air') return 'room air';
  if (device) return num(o2FlowLpm) && o2FlowLpm > 0 ? `${SHORT_DEVICE[device]} ${flowText(o2FlowLpm)}L` : SHORT_DEVICE[device];
  if (!num(o2FlowLpm)) return null;
  return o2FlowLpm === 0 ? 'room air' : `O₂ ${flowText(o2FlowLpm)}L`;
}
