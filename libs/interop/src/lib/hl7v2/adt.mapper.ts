import type { ClinicalEvent } from '@vigil/contracts';
import { parseClinicalEvent } from '@vigil/contracts';
import { buildEvent } from '../mapping/event-factory';
import type { Hl7Context } from './hl7-context';
import { readObx } from './hl7-observation';
import { Hl7ErrorCodes, type Hl7Issue, type Hl7MapResult, type PatientUpdate } from './hl7-map.types';

export type AdtTrigger = PatientUpdate['trigger'];

/**
 * ADT → patient lifecycle events. A01 admit, A02 transfer, A03 discharge, A08 demographics update.
 * Location is PV1-3 (point of care ^ room ^ bed): wardId is the point of care, bed is the bed (or the room
 * when no bed is given). The contract's admit event requires a weight (oliguria and weight-gain rules
 * are per kg); an A01 without a body-weight OBX still admits the patient (monitoring must not wait for
 * a scale), with a warning, and never with an invented weight.
 */
export function mapAdt(ctx: Hl7Context, trigger: AdtTrigger): Hl7MapResult {
  const { message } = ctx;
  const warnings: Hl7Issue[] = [];
  const reject = (reason: string, field: number, segment = 'PID'): Hl7MapResult => ({
    ok: false,
    controlId: message.controlId,
    messageType: message.messageType,
    code: 'AE',
    reason,
    errorCode: Hl7ErrorCodes.RequiredFieldMissing,
    location: { segment, sequence: 1, field },
    warnings,
  });

  const pid = message.segment('PID');
  const patientId = ctx.patientId(pid);
  if (!pid || !patientId) return reject('no patient identifier (PID-3)', 3);
  const evn = message.segment('EVN');
  // EVN-6 is when the event happened; EVN-2 when it was recorded; MSH-7 when the message was sent.
  const time = ctx.time(evn?.value(6) ?? '') ?? ctx.time(evn?.value(2) ?? '') ?? ctx.time(message.msh.value(7));
  if (!time) return reject('no valid event time (EVN-6, EVN-2 or MSH-7)', 2, 'EVN');

  const pv1 = message.segment('PV1');
  const wardId = pv1?.value(3, 1, 1) ?? '';
  const room = pv1?.value(3, 2, 1) ?? '';
  const bed = (pv1?.value(3, 3, 1) || room) ?? '';
  const mrnRep = pid.repetitions(3).findIndex((_, i) => pid.value(3, 5, undefined, i + 1) === 'MR');
  const mrn = mrnRep >= 0 ? pid.value(3, 1, undefined, mrnRep + 1) : patientId;
  const family = pid.value(5, 1, 1);
  const given = pid.value(5, 2);
  const displayName = [given, family].filter(Boolean).join(' ');

  let weightKg: number | undefined;
  let obxCount = 0;
  for (const obx of message.all('OBX')) {
    const read = readObx(ctx, obx, undefined, ++obxCount, time);
    if (read.ok && read.measurement.target.kind === 'weight') weightKg = read.measurement.value as number;
    else if (read.ok) warnings.push({ segment: 'OBX', sequence: obxCount, field: 3, reason: `${read.measurement.target.kind} observations in ADT are not ingested; send them as ORU^R01`, code: Hl7ErrorCodes.TableValueNotFound });
    else warnings.push(read.issue);
  }

  const patient: PatientUpdate = {
    patientId,
    trigger,
    time: time.iso,
    ...(mrn ? { mrn } : {}),
    ...(displayName ? { displayName } : {}),
    ...(wardId ? { wardId } : {}),
    ...(room ? { room } : {}),
    ...(bed ? { bed } : {}),
    ...(weightKg !== undefined ? { weightKg } : {}),
  };
  const base = { id: ctx.eventId(trigger.toLowerCase(), time.iso), patientId, time: time.iso, source: ctx.source };
  const events: ClinicalEvent[] = [];
  const push = (candidate: Record<string, unknown>): string | null => {
    const parsed = parseClinicalEvent(candidate);
    if (parsed.ok) {
      events.push(parsed.value);
      return null;
    }
    return `${parsed.errors[0].path}: ${parsed.errors[0].message}`;
  };

  if (trigger === 'A01' || trigger === 'A02') {
    if (!wardId || !bed) return reject(`${trigger === 'A01' ? 'admission' : 'transfer'} needs a ward and bed in PV1-3 (point of care^room^bed)`, 3, 'PV1');
  }
  if (trigger === 'A01') {
    // No weight is no reason to leave a patient unmonitored: admit without one (per-kg urine rules wait for a weight).
    if (weightKg === undefined) warnings.push({ segment: 'OBX', sequence: 0, reason: 'no body weight OBX (LOINC 29463-7/3141-9): admitted without a weight; per-kg urine rules wait for one', code: Hl7ErrorCodes.RequiredFieldMissing });
    const error = push({ ...base, type: 'admit', wardId, bed, ...(weightKg !== undefined ? { weightKg, baseline: { weightKg } } : {}), ...(mrn ? { mrn } : {}), ...(displayName ? { displayName } : {}) });
    if (error) return reject(`admit event invalid: ${error}`, 3, 'PV1');
  } else if (trigger === 'A02') {
    const error = push({ ...base, type: 'transfer', wardId, bed });
    if (error) return reject(`transfer event invalid: ${error}`, 3, 'PV1');
  } else if (trigger === 'A03') {
    const error = push({ ...base, type: 'discharge' });
    if (error) return reject(`discharge event invalid: ${error}`, 3);
  } else if (weightKg !== undefined) {
    // A08 carrying a new weight: record it as a weight event so the weight-gain rule sees it.
    const weight = buildEvent({ id: ctx.eventId('a08-weight', time.iso), patientId, source: ctx.source }, [
      { target: { kind: 'weight' }, value: weightKg, unit: 'kg', time: time.iso, location: 'OBX' },
    ]);
    if (weight.ok) events.push(weight.event);
  }
  return { ok: true, controlId: message.controlId, messageType: message.messageType, events, patient, warnings };
}
