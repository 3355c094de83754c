import { lookupFirst } from '../mapping/code-lookup';
import type { Measurement } from '../mapping/measurement';
import { toRhythmLabel } from '../mapping/rhythm-label';
import { parseRrIntervals } from '../mapping/rr-series';
import { toOxygenDevice } from '../mapping/oxygen-device';
import { quantityOf, toCanonical } from '../mapping/unit-conversion';
import type { Hl7Context } from './hl7-context';
import type { Hl7DateTime } from './hl7-datetime';
import { Hl7ErrorCodes, type Hl7Issue } from './hl7-map.types';
import type { Hl7Segment } from './hl7-segment';

/** OBX-11 statuses that carry a usable result (HL7 table 0085); D/W/X/N/I/O do not. */
const USABLE_STATUS = new Set(['', 'F', 'C', 'P', 'R', 'S', 'U', 'A']);
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type ObxResult = { ok: true; measurement: Measurement } | { ok: false; issue: Hl7Issue };

/**
 * Reads one OBX into a Measurement: code (OBX-3, primary then alternate coding), value (OBX-5 by OBX-2
 * type), unit (OBX-6), status (OBX-11) and time (OBX-14, else the OBR-7 of its order group).
 * @param sequence 1-based occurrence of this OBX in the message (for ids and ERR locations)
 */
export function readObx(ctx: Hl7Context, obx: Hl7Segment, obr: Hl7Segment | undefined, sequence: number, defaultTime?: Hl7DateTime): ObxResult {
  const fail = (field: number, reason: string, code: Hl7Issue['code'] = Hl7ErrorCodes.TableValueNotFound): ObxResult => ({
    ok: false,
    issue: { segment: 'OBX', sequence, field, reason, code },
  });
  const [c1, c2, c3, c4, c5, c6] = obx.components(3);
  const matched = lookupFirst([
    { code: c1, display: c2, system: c3 },
    { code: c4, display: c5, system: c6 },
  ]);
  const described = [c1, c2].filter(Boolean).join(' ') || '(empty)';
  if (!matched) return fail(3, `unsupported code ${described}`);
  if (matched.target.kind === 'bp-panel') return fail(3, `panel code ${described} has no value of its own`);

  const status = obx.value(11).toUpperCase();
  if (!USABLE_STATUS.has(status)) return fail(11, `result status ${status} carries no usable value`, Hl7ErrorCodes.DataTypeError);
  const kind = matched.target.kind;
  const location = `OBX[${sequence}]`;
  if (kind === 'beat-classes') {
    // Attached to the RR OBX before it by the ORU mapper (which knows the interval count).
    return { ok: true, measurement: { target: matched.target, value: 0, unit: '', time: '', location, beatClasses: obx.text(5).trim() } };
  }
  if (kind === 'rr-intervals') {
    const type = obx.value(2).toUpperCase();
    if (type !== 'NA' && type !== 'NM' && type !== '') return fail(2, `value type ${type}: RR intervals are sent as NA (numeric array)`, Hl7ErrorCodes.DataTypeError);
    const texts = obx.repetitions(5).flatMap((_, r) => obx.components(5, r + 1));
    const series = parseRrIntervals(texts, obx.value(6, 1) || undefined);
    if (!series.ok) return fail(series.reason.startsWith('RR intervals in unit') ? 6 : 5, series.reason, Hl7ErrorCodes.DataTypeError);
    const at = ctx.time(obx.value(14)) ?? ctx.time(obr?.value(7) ?? '') ?? defaultTime ?? null;
    if (!at) return fail(14, 'no valid observation time (OBX-14 or OBR-7): the time of the last beat', Hl7ErrorCodes.RequiredFieldMissing);
    if (at.precision === 'year' || at.precision === 'month' || at.precision === 'date' || at.precision === 'hour' || at.precision === 'minute') {
      return fail(14, `RR series time ${at.iso} is not to the second; the last beat's time is needed`, Hl7ErrorCodes.DataTypeError);
    }
    return { ok: true, measurement: { target: matched.target, value: series.value.length, unit: 'ms', time: at.iso, location, intervalsMs: series.value } };
  }
  if (obx.repetitions(5).length > 1) return fail(5, `OBX-5 has ${obx.repetitions(5).length} values; one expected`, Hl7ErrorCodes.DataTypeError);

  const time = ctx.time(obx.value(14)) ?? ctx.time(obr?.value(7) ?? '') ?? defaultTime ?? null;
  if (!time) return fail(14, 'no valid observation time (OBX-14 or OBR-7)', Hl7ErrorCodes.RequiredFieldMissing);
  if ((kind === 'vital' || kind === 'rhythm' || kind === 'urine') && (time.precision === 'year' || time.precision === 'month' || time.precision === 'date' || time.precision === 'hour')) {
    return fail(14, `observation time ${time.iso.slice(0, 10)} has no time of day`, Hl7ErrorCodes.DataTypeError);
  }
  const loinc = matched.system === 'LOINC' ? matched.code : undefined;

  if (kind === 'rhythm') {
    const label = toRhythmLabel(obx.value(5, 1), obx.value(5, 2));
    if (!label) return fail(5, 'rhythm observation without a value', Hl7ErrorCodes.RequiredFieldMissing);
    return { ok: true, measurement: { target: matched.target, value: label, unit: '', time: time.iso, location } };
  }

  if (matched.target.kind === 'vital' && matched.target.field === 'o2Device') {
    // CWE/CE (code^text) or ST: any of the code, its text or the alternate text may name the device.
    const raw = obx.text(5).trim();
    if (raw === '' || raw === '""') return fail(5, 'oxygen device observation without a value', Hl7ErrorCodes.RequiredFieldMissing);
    const device = toOxygenDevice(obx.value(5, 1), obx.value(5, 2), obx.value(5, 5));
    if (!device) return fail(5, `oxygen device "${raw}" is not one Vigil knows (room air, nasal cannula, mask, high-flow, non-rebreather, NIV, intubated)`, Hl7ErrorCodes.TableValueNotFound);
    return { ok: true, measurement: { target: matched.target, value: device, unit: '', time: time.iso, location } };
  }

  const number = readNumber(obx);
  if (typeof number === 'string') return fail(5, number, Hl7ErrorCodes.DataTypeError);
  const quantity = quantityOf(matched.target);
  if (!quantity) return fail(3, `unsupported code ${described}`);
  const units = obx.components(6).filter((u) => u !== '');
  let converted = toCanonical(quantity, number, units[0]);
  for (const unit of units.slice(1)) if (!converted.ok) converted = toCanonical(quantity, number, unit);
  if (!converted.ok) return fail(6, converted.reason);

  const measurement: Measurement = { target: matched.target, value: converted.value, unit: converted.unit, time: time.iso, location, ...(loinc ? { loinc } : {}) };
  if (kind === 'lab') {
    const specimen = ctx.time(obr?.value(7) ?? '');
    if (specimen) measurement.specimenTime = specimen.iso;
  }
  if (kind === 'urine') {
    // The collection period is the order's observation start (OBR-7) to end (OBR-8).
    const start = ctx.time(obr?.value(7) ?? '');
    const end = ctx.time(obr?.value(8) ?? '');
    if (!start || !end) return fail(14, 'urine output needs a collection period (OBR-7 start and OBR-8 end)', Hl7ErrorCodes.RequiredFieldMissing);
    measurement.periodStart = start.iso;
    measurement.time = end.iso;
  }
  return { ok: true, measurement };
}

/** OBX-5 as a number: NM, SN ("^182", "=^182") or numeric ST. Censored values ("<^5") are refused. */
function readNumber(obx: Hl7Segment): number | string {
  const type = obx.value(2).toUpperCase();
  const raw = obx.text(5).trim();
  if (raw === '' || raw === '""') return 'no value in OBX-5';
  if (type === 'SN') {
    const [comparator, n1, separator, n2] = obx.components(5);
    if ((comparator && comparator !== '=') || separator || n2) return `structured value ${raw} is not a single number`;
    return NUMERIC.test(n1 ?? '') ? Number(n1) : `value ${raw} is not a number`;
  }
  if (type !== '' && type !== 'NM' && type !== 'ST' && type !== 'TX') return `value type ${type} is not numeric`;
  const text = obx.value(5, 1);
  return NUMERIC.test(text) ? Number(text) : `value ${raw} is not a number`;
}
