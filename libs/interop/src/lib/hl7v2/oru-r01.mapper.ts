import type { ClinicalEvent } from '@vigil/contracts';
import { buildEvent } from '../mapping/event-factory';
import { parseBeatClasses } from '../mapping/rr-series';
import type { Measurement } from '../mapping/measurement';
import type { Hl7Context } from './hl7-context';
import { readObx } from './hl7-observation';
import { Hl7ErrorCodes, type Hl7Issue, type Hl7MapResult } from './hl7-map.types';
import type { Hl7Segment } from './hl7-segment';

interface Group {
  patientId: string;
  firstObx: number;
  measurements: Measurement[];
  method?: string;
}

/**
 * ORU^R01 → canonical events. OBX segments belong to the PID and OBR before them. A monitor sends one
 * OBX per parameter, so vitals of one patient at one observation time become one vitals event (id from
 * MSH-10 and the first OBX of the group); labs, weight, urine and rhythm are one event per OBX. The
 * message is accepted when at least one event results; the skipped OBX are returned as warnings.
 */
export function mapOruR01(ctx: Hl7Context): Hl7MapResult {
  const { message } = ctx;
  const warnings: Hl7Issue[] = [];
  const groups = new Map<string, Group>();
  const singles: { patientId: string; obx: number; measurement: Measurement }[] = [];
  let pid: Hl7Segment | undefined;
  let obr: Hl7Segment | undefined;
  let obxCount = 0;
  let pidCount = 0;

  for (const segment of message.segments) {
    if (segment.name === 'PID') {
      pid = segment;
      pidCount++;
      obr = undefined;
    } else if (segment.name === 'OBR') {
      obr = segment;
    } else if (segment.name === 'OBX') {
      const sequence = ++obxCount;
      const patientId = ctx.patientId(pid);
      if (!patientId) {
        warnings.push({ segment: 'PID', sequence: Math.max(pidCount, 1), field: 3, reason: 'no patient identifier (PID-3) for this observation', code: Hl7ErrorCodes.RequiredFieldMissing });
        continue;
      }
      const read = readObx(ctx, segment, obr, sequence);
      if (!read.ok) {
        warnings.push(read.issue);
        continue;
      }
      const m = read.measurement;
      if (m.target.kind === 'beat-classes') {
        attachBeatClasses(singles, patientId, sequence, m.beatClasses ?? '', warnings);
        continue;
      }
      if (m.target.kind !== 'vital') {
        singles.push({ patientId, obx: sequence, measurement: m });
        continue;
      }
      addToGroup(groups, patientId, sequence, m, warnings);
    }
  }

  const events: ClinicalEvent[] = [];
  const built = [
    ...[...groups.values()].map((g) => ({ obx: g.firstObx, patientId: g.patientId, measurements: g.measurements })),
    ...singles.map((s) => ({
      obx: s.obx,
      patientId: s.patientId,
      // A rhythm takes the heart rate measured at the same time, if any.
      measurements: s.measurement.target.kind === 'rhythm' ? [s.measurement, ...sameTimeHr(groups, s.patientId, s.measurement.time)] : [s.measurement],
    })),
  ].sort((a, b) => a.obx - b.obx);
  for (const item of built) {
    const result = buildEvent({ id: ctx.eventId(`obx${item.obx}`, item.measurements[0].time), patientId: item.patientId, source: ctx.source }, item.measurements);
    if (result.ok) {
      events.push(result.event);
      // §10: one bad OBX of a vitals group costs that OBX only; the sender hears which one (ERR, severity W).
      for (const r of result.refused) {
        warnings.push({ segment: 'OBX', sequence: obxSequence(r.location) ?? item.obx, field: 5, reason: `${r.field} refused by the event contract: ${r.reason}; the group's other values were accepted`, code: Hl7ErrorCodes.DataTypeError });
      }
    } else warnings.push({ segment: 'OBX', sequence: item.obx, field: 5, reason: `rejected by the event contract: ${result.reason}`, code: Hl7ErrorCodes.DataTypeError });
  }

  if (events.length === 0) {
    const reason =
      obxCount === 0
        ? 'no OBX segments: nothing to ingest'
        : `no observation Vigil can use: ${summarise(warnings)}`;
    const first = warnings[0];
    return {
      ok: false,
      controlId: message.controlId,
      messageType: message.messageType,
      code: 'AE',
      reason,
      errorCode: obxCount === 0 ? Hl7ErrorCodes.RequiredFieldMissing : (first?.code ?? Hl7ErrorCodes.TableValueNotFound),
      ...(first ? { location: { segment: first.segment, sequence: first.sequence, field: first.field } } : { location: { segment: 'OBX', sequence: 1 } }),
      warnings,
    };
  }
  return { ok: true, controlId: message.controlId, messageType: message.messageType, events, warnings };
}

/**
 * Vitals with the same patient and time share an event. Blood pressures measured two ways at once
 * (arterial line and cuff) go to separate events so `method` stays true for each; a second value for the
 * same field at the same time is a conflict and is skipped rather than silently overwriting the first.
 */
function addToGroup(groups: Map<string, Group>, patientId: string, sequence: number, m: Measurement, warnings: Hl7Issue[]): void {
  if (m.target.kind !== 'vital') return;
  const method = m.target.method;
  let key = `${patientId}|${m.time}`;
  let group = groups.get(key);
  if (group && method && group.method && group.method !== method) {
    key = `${key}|${method}`;
    group = groups.get(key);
  }
  if (!group) {
    group = { patientId, firstObx: sequence, measurements: [] };
    groups.set(key, group);
  }
  const field = m.target.field;
  if (group.measurements.some((x) => x.target.kind === 'vital' && x.target.field === field)) {
    warnings.push({ segment: 'OBX', sequence, field: 3, reason: `second ${field} value at ${m.time}; kept the first`, code: Hl7ErrorCodes.DataTypeError });
    return;
  }
  if (method) group.method = method;
  group.measurements.push(m);
}

/**
 * A beat-classes OBX describes the RR-interval OBX right before it (same patient). A bad or orphan one
 * is a warning; the RR series is still ingested, without classes (nothing valid is lost).
 */
function attachBeatClasses(singles: { patientId: string; obx: number; measurement: Measurement }[], patientId: string, sequence: number, text: string, warnings: Hl7Issue[]): void {
  const prev = singles[singles.length - 1];
  if (!prev || prev.obx !== sequence - 1 || prev.patientId !== patientId || prev.measurement.target.kind !== 'rr-intervals') {
    warnings.push({ segment: 'OBX', sequence, field: 3, reason: 'beat classes must follow the RR-interval OBX (MDC_ECG_TIME_PD_RR_GL) they describe', code: Hl7ErrorCodes.DataTypeError });
    return;
  }
  const classes = parseBeatClasses(text, prev.measurement.intervalsMs?.length ?? 0);
  if (!classes.ok) {
    warnings.push({ segment: 'OBX', sequence, field: 5, reason: `${classes.reason}; the RR series is kept without classes`, code: Hl7ErrorCodes.DataTypeError });
    return;
  }
  prev.measurement.beatClasses = classes.value;
}

/** "OBX[7]" → 7. */
function obxSequence(location: string): number | undefined {
  const m = /^OBX\[(\d+)\]$/.exec(location);
  return m ? Number(m[1]) : undefined;
}

function sameTimeHr(groups: Map<string, Group>, patientId: string, time: string): Measurement[] {
  const group = groups.get(`${patientId}|${time}`);
  const hr = group?.measurements.find((m) => m.target.kind === 'vital' && m.target.field === 'hr');
  return hr ? [hr] : [];
}

function summarise(issues: Hl7Issue[]): string {
  const texts = [...new Set(issues.map((i) => `${i.segment}[${i.sequence}] ${i.reason}`))];
  return texts.length <= 3 ? texts.join('; ') : `${texts.slice(0, 3).join('; ')}; and ${texts.length - 3} more`;
}
