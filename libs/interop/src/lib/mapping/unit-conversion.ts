import type { ObservationTarget } from './observation-target';

/**
 * Canonical units are fixed per field (DESIGN.md contract); senders use UCUM (FHIR), free text or MDC
 * dimension codes (monitors). Each quantity lists the spellings it accepts and the factor to the canonical
 * unit. An unknown unit is an error, never passed through: 98.6 read as °C or 122 µmol/L read as mg/dL
 * would raise or hide alarms.
 */
export type Quantity = 'pressure' | 'rate' | 'percent' | 'oxygenFraction' | 'temperature' | 'mass' | 'volume' | 'flow' | 'creatinine' | 'platelets' | 'cytokine';

type Convert = (value: number) => number;
const same: Convert = (v) => v;
const times = (k: number): Convert => (v) => v * k;

/** mg/dL per µmol/L: creatinine molar mass 113.12 g/mol, the 88.4 factor used by KDIGO. */
const CREATININE_UMOL_PER_MGDL = 88.4;

interface QuantitySpec {
  canonical: string;
  /** Whether a missing unit may be read as the canonical one (monitors often omit %, /min). */
  unitOptional: boolean;
  units: Record<string, Convert>;
}

const SPECS: Record<Quantity, QuantitySpec> = {
  pressure: {
    canonical: 'mmHg',
    unitOptional: true,
    units: { mmhg: same, 'mm hg': same, 'mm[hg]': same, mdc_dim_mmhg: same, '266016': same, kpa: times(7.50062), mdc_dim_kilo_pascal: times(7.50062) },
  },
  rate: {
    canonical: '/min',
    unitOptional: true,
    units: {
      '/min': same, '1/min': same, 'min-1': same, bpm: same, rpm: same, '{beats}/min': same, '{beat}/min': same,
      'beats/min': same, 'beat/min': same, 'beats/minute': same, '{breaths}/min': same, 'breaths/min': same,
      'breaths/minute': same, '/minute': same, mdc_dim_beat_per_min: same, '264864': same, mdc_dim_resp_per_min: same, '264928': same,
    },
  },
  percent: { canonical: '%', unitOptional: true, units: { '%': same, percent: same, mdc_dim_percent: same, '262688': same } },
  // FiO2 is charted as a percentage (40) or a fraction (0.4); a unit of 1 says fraction.
  oxygenFraction: {
    canonical: '%',
    unitOptional: true,
    units: { '%': same, percent: same, mdc_dim_percent: same, '262688': same, '1': times(100), '{ratio}': times(100), fraction: times(100), 'l/l': times(100) },
  },
  temperature: {
    canonical: 'Cel',
    unitOptional: false,
    units: {
      cel: same, '°c': same, c: same, degc: same, 'deg c': same, 'degrees c': same, mdc_dim_degc: same, '268192': same,
      '[degf]': (f) => ((f - 32) * 5) / 9, '°f': (f) => ((f - 32) * 5) / 9, f: (f) => ((f - 32) * 5) / 9,
      degf: (f) => ((f - 32) * 5) / 9, 'deg f': (f) => ((f - 32) * 5) / 9, mdc_dim_fahr: (f) => ((f - 32) * 5) / 9, '266560': (f) => ((f - 32) * 5) / 9,
    },
  },
  mass: {
    canonical: 'kg',
    unitOptional: true,
    units: { kg: same, mdc_dim_kilo_g: same, '263875': same, g: times(0.001), '[lb_av]': times(0.45359237), lb: times(0.45359237), lbs: times(0.45359237), mdc_dim_lb: times(0.45359237) },
  },
  volume: { canonical: 'mL', unitOptional: false, units: { ml: same, 'cm3': same, mdc_dim_milli_l: same, '263762': same, l: times(1000), dl: times(100) } },
  flow: { canonical: 'L/min', unitOptional: false, units: { 'l/min': same, lpm: same, 'l/m': same, mdc_dim_x_l_per_min: same, 'ml/min': times(0.001) } },
  creatinine: {
    canonical: 'mg/dL',
    unitOptional: false,
    units: {
      'mg/dl': same,
      'umol/l': (v) => v / CREATININE_UMOL_PER_MGDL,
      'µmol/l': (v) => v / CREATININE_UMOL_PER_MGDL,
      'μmol/l': (v) => v / CREATININE_UMOL_PER_MGDL, // Greek mu, as some systems type it
      'mmol/l': (v) => (v * 1000) / CREATININE_UMOL_PER_MGDL,
      'mg/l': (v) => v / 10,
    },
  },
  platelets: {
    canonical: '10*3/uL',
    unitOptional: false,
    units: {
      '10*3/ul': same, '10^3/ul': same, 'x10*3/ul': same, 'x10^3/ul': same, 'k/ul': same, 'thou/ul': same, '/nl': same,
      '10*9/l': same, '10^9/l': same, 'x10*9/l': same, 'x10^9/l': same, 'g/l': same, 'giga/l': same, 'giga.l-1': same,
      '/ul': times(0.001), '/mm3': times(0.001),
    },
  },
  cytokine: {
    canonical: 'pg/mL',
    unitOptional: false,
    // U/mL (some sIL-2R assays) cannot be converted to a mass; kept as sent, see toCanonical.
    units: { 'pg/ml': same, 'ng/l': same, 'ng/ml': times(1000) },
  },
};

export type Conversion = { ok: true; value: number; unit: string } | { ok: false; reason: string };

/** Units that are carried through unchanged because no factor to the canonical unit exists. */
const KEEP_AS_SENT: Partial<Record<Quantity, string[]>> = { cytokine: ['u/ml', 'ku/l', '[iu]/ml', 'iu/ml'] };

export function quantityOf(target: ObservationTarget): Quantity | null {
  switch (target.kind) {
    case 'vital':
      if (target.field === 'o2Device') return null; // coded, not a quantity
      if (target.field === 'fio2Pct') return 'oxygenFraction';
      return target.field === 'spo2' ? 'percent' : target.field === 'temp' ? 'temperature' : target.field === 'o2FlowLpm' ? 'flow' : target.field === 'hr' || target.field === 'rr' ? 'rate' : 'pressure';
    case 'weight':
      return 'mass';
    case 'urine':
      return 'volume';
    case 'lab':
      return target.code === 'CREAT' ? 'creatinine' : target.code === 'PLT' ? 'platelets' : 'cytokine';
    case 'rr-intervals':
    case 'beat-classes':
      return null;
    default:
      return null;
  }
}

/** Converts a value in `unit` to the canonical unit of `quantity`, rounded to 2 decimals. */
export function toCanonical(quantity: Quantity, value: number, unit: string | undefined): Conversion {
  const spec = SPECS[quantity];
  const key = normaliseUnit(unit ?? '');
  if (!Number.isFinite(value)) return { ok: false, reason: `value ${value} is not a finite number` };
  if (key === '') {
    // No unit on FiO2: a value of at most 1 can only be a fraction (FiO2 is never below 21%).
    if (quantity === 'oxygenFraction' && value <= 1) return { ok: true, value: round(value * 100), unit: spec.canonical };
    return spec.unitOptional ? { ok: true, value: round(value), unit: spec.canonical } : { ok: false, reason: `no unit given (expected ${spec.canonical})` };
  }
  const convert = spec.units[key];
  if (convert) return { ok: true, value: round(convert(value)), unit: spec.canonical };
  const kept = KEEP_AS_SENT[quantity]?.find((u) => u === key);
  if (kept) return { ok: true, value: round(value), unit: (unit ?? '').trim() };
  return { ok: false, reason: `unit "${(unit ?? '').trim()}" cannot be converted to ${spec.canonical}` };
}

/** Case-insensitive, spaces around operators dropped; MDC dimension codes keep their reference id. */
function normaliseUnit(unit: string): string {
  return unit.trim().toLowerCase().replace(/\s*([/*^.])\s*/g, '$1').replace(/\s+/g, ' ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
