/** Oxygen support as a nurse says it: "3 L/min O₂", "room air"; null when none is charted. */
export function oxygenText(o2FlowLpm: number | null | undefined): string | null {
  if (o2FlowLpm === null || o2FlowLpm === undefined || Number.isNaN(o2FlowLpm)) return null;
  return o2FlowLpm === 0 ? 'room air' : `${o2FlowLpm.toFixed(o2FlowLpm % 1 ? 1 : 0)} L/min O₂`;
}

/** The same for a compact tile's narrow cell: "O₂ 12.5L", "room air". */
export function shortOxygenText(o2FlowLpm: number | null | undefined): string | null {
  if (o2FlowLpm === null || o2FlowLpm === undefined || Number.isNaN(o2FlowLpm)) return null;
  return o2FlowLpm === 0 ? 'room air' : `O₂ ${o2FlowLpm.toFixed(o2FlowLpm % 1 ? 1 : 0)}L`;
}
