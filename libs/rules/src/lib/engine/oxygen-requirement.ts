import type { OxygenDevice } from '@vigil/contracts';
import type { ThresholdValues } from '../threshold-set';

/** The oxygen support a patient is charted on: each part as last charted (absent: never charted). */
export interface OxygenSupport {
  flowLpm?: number;
  fio2Pct?: number;
  device?: OxygenDevice;
}

export interface OxygenRequirement {
  /** §6.9: 'relative' is H2 (MEDIUM, HOLD); 'absolute' is H3/H4 (HIGH, STOP-REVIEW). */
  level: 'none' | 'relative' | 'absolute';
  /** Intubation is HIGH at once (§6.9 "always HIGH"); the other levels need 30 min documented. */
  immediate: boolean;
  why: string;
}

/** Devices that are H4 whatever the flow (ASTCT grade 3–4 analogue): high-flow, non-rebreather, positive pressure. */
const H4_DEVICES: Readonly<Partial<Record<OxygenDevice, string>>> = {
  'high-flow': 'high-flow oxygen',
  'non-rebreather': 'non-rebreather mask',
  niv: 'non-invasive ventilation',
  intubated: 'intubated',
};

/** How much support a device is, to tell an escalation (which holds off the resolve) from a wean. */
export const DEVICE_RANK: Readonly<Record<OxygenDevice, number>> = {
  'room-air': 0,
  'nasal-cannula': 1,
  mask: 2,
  'high-flow': 3,
  'non-rebreather': 3,
  niv: 4,
  intubated: 5,
};

/**
 * HYPOXIA's oxygen-requirement criteria (§6.9 with §10 "Oxygen"): H2 3–4 L/min; H3 > 4 L/min or
 * FiO2 ≥ 40% [D14]; H4 > 6 L/min, high-flow, non-rebreather or positive pressure. Room air charted
 * is no requirement whatever an older flow said.
 */
export function oxygenRequirement(o: OxygenSupport, t: ThresholdValues): OxygenRequirement {
  if (o.device === 'room-air') return { level: 'none', immediate: false, why: '' };
  const device = o.device ? H4_DEVICES[o.device] : undefined;
  if (device) return { level: 'absolute', immediate: o.device === 'intubated', why: o.device === 'intubated' ? 'intubated (always HIGH)' : `on ${device}${o.flowLpm !== undefined ? ` ${o.flowLpm} L/min` : ''}` };
  const flow = o.flowLpm ?? 0;
  if (flow > t.o2HighFlowLpm) return { level: 'absolute', immediate: false, why: `O2 ${flow} L/min (>${t.o2HighFlowLpm}, high-flow)` };
  if (o.fio2Pct !== undefined && o.fio2Pct >= t.fio2AbsolutePct) return { level: 'absolute', immediate: false, why: `FiO2 ${o.fio2Pct}% (≥${t.fio2AbsolutePct}%)` };
  if (flow > t.o2AbsoluteLpm) return { level: 'absolute', immediate: false, why: `O2 ${flow} L/min (>${t.o2AbsoluteLpm})` };
  if (flow >= t.o2RelativeLpm) return { level: 'relative', immediate: false, why: `O2 ${flow} L/min (${t.o2RelativeLpm}–${t.o2AbsoluteLpm})` };
  return { level: 'none', immediate: false, why: '' };
}

/** Whether a patient is on supplemental oxygen (NEWS2's air-or-oxygen term); undefined when nothing says. */
export function onSupplementalOxygen(o: OxygenSupport): boolean | undefined {
  if (o.device !== undefined) return o.device !== 'room-air';
  if (o.fio2Pct !== undefined && o.fio2Pct > 21) return true;
  if (o.flowLpm !== undefined) return o.flowLpm > 0;
  return o.fio2Pct !== undefined ? false : undefined;
}
