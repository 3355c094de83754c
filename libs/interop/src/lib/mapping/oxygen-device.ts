import type { OxygenDevice } from '@vigil/contracts';

/**
 * Oxygen delivery devices as charts and interface engines spell them (abbreviations, SNOMED-style
 * wording, vendor text). The order matters: "high-flow nasal cannula" is high-flow, "non-rebreather
 * mask" is not a simple mask, "BiPAP mask" is NIV. Text that names no known device is null: the field
 * is refused rather than guessed (a wrong device changes HYPOXIA's severity).
 */
const PATTERNS: readonly [RegExp, OxygenDevice][] = [
  [/\b(ETT|ET tube|endotracheal|intubat|tracheostomy vent|mechanical vent|ventilator|IPPV|MV)\b/i, 'intubated'],
  [/\b(NIV|NIPPV|BiPAP|BIPAP|CPAP|non[\s-]?invasive)\b/i, 'niv'],
  [/\b(HFNC|HFNO|high[\s-]?flow|optiflow|airvo)\b/i, 'high-flow'],
  [/\b(NRB|NRBM|non[\s-]?rebreath\w*|reservoir mask)\b/i, 'non-rebreather'],
  [/\b(NC|nasal[\s-]?cannula|nasal prongs?|nasal specs)\b/i, 'nasal-cannula'],
  [/\b(mask|venturi|face[\s-]?mask|FM|simple mask|trach(eostomy)? mask|aerosol mask)\b/i, 'mask'],
  [/\b(RA|room[\s-]?air|air|none|no oxygen|no O2)\b/i, 'room-air'],
];

export function toOxygenDevice(...texts: (string | undefined)[]): OxygenDevice | null {
  for (const text of texts) {
    const t = (text ?? '').trim();
    if (t === '') continue;
    // The canonical spellings themselves (room-air, nasal-cannula…) first.
    const canonical = t.toLowerCase().replace(/[\s_]+/g, '-');
    if (DEVICES.has(canonical)) return canonical as OxygenDevice;
    for (const [pattern, device] of PATTERNS) if (pattern.test(t)) return device;
  }
  return null;
}

const DEVICES = new Set<string>(['room-air', 'nasal-cannula', 'mask', 'high-flow', 'non-rebreather', 'niv', 'intubated']);
