import fc from 'fast-check';
import type { Alert, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { replayStream, type StreamItem } from '../lib/replay/offline-replay';
import { episodes, type Episode } from '../lib/replay/episodes';
import { effectiveMs } from '../lib/engine/event-identity';
import type { ThresholdValues } from '../lib/threshold-set';

/**
 * Generated patient streams for the arrival-order properties (issue 16): one patient, ~10 h of ward
 * data touching every rule's inputs, and for each event a delivery delay as on a ward (vitals and
 * labels up to 3 h, monitor backfill minutes, urine 1–4 h in batches, labs resulted 3–12 h after
 * collection — the lab's effective time is its specimen time).
 */
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface Delivered {
  event: ClinicalEvent;
  /** When it reaches the engine (ms). */
  arrival: number;
}

type Gen = (id: () => string) => fc.Arbitrary<Delivered[]>;

const onTime = (event: ClinicalEvent, delayMin = 0): Delivered => ({ event, arrival: effectiveMs(event) + delayMin * MIN });

/** NIBP/arterial BP, HR, SpO2 and temperature around a drifting level, every 5–60 min, some late. */
const vitals: Gen = (id) =>
  fc
    .array(
      fc.record({
        step: fc.integer({ min: 1, max: 45 }),
        sbp: fc.option(fc.integer({ min: 60, max: 130 }), { nil: undefined, freq: 4 }),
        map: fc.option(fc.integer({ min: 50, max: 95 }), { nil: undefined, freq: 3 }),
        hr: fc.option(fc.integer({ min: 70, max: 145 }), { nil: undefined, freq: 4 }),
        spo2: fc.option(fc.integer({ min: 82, max: 99 }), { nil: undefined, freq: 4 }),
        temp: fc.option(fc.constantFrom(36.8, 37.5, 38.2, 38.6, 39.3), { nil: undefined, freq: 3 }),
        o2: fc.option(fc.constantFrom(0, 2, 3, 5, 7), { nil: undefined, freq: 2 }),
        late: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 180 }) }),
        arterial: fc.boolean(),
      }),
      { minLength: 4, maxLength: 30 },
    )
    .map((rows) => {
      let t = T0;
      const out: Delivered[] = [];
      for (const r of rows) {
        t += r.step * MIN;
        const e: Record<string, unknown> = { id: id(), patientId: 'P1', time: iso(t), type: 'vitals', method: r.arterial ? 'arterial' : 'nibp' };
        for (const [k, v] of [['sbp', r.sbp], ['map', r.map], ['hr', r.hr], ['spo2', r.spo2], ['temp', r.temp], ['o2FlowLpm', r.o2]] as const) if (v !== undefined) e[k] = v;
        if (Object.keys(e).length === 5) e['hr'] = 80;
        out.push(onTime(e as unknown as ClinicalEvent, r.late));
      }
      return out;
    });

/** A monitor's 5-s arterial stream with a dip, backfilled 10 min after a disconnect. */
const arterialBackfill: Gen = (id) =>
  fc.record({ start: fc.integer({ min: 30, max: 300 }), dipAt: fc.integer({ min: 0, max: 15 }), dipLen: fc.integer({ min: 0, max: 8 }), gapAt: fc.integer({ min: 0, max: 20 }) }).map(({ start, dipAt, dipLen, gapAt }) => {
    const out: Delivered[] = [];
    for (let i = 0; i < 30 * 12; i += 6) {
      const t = T0 + start * MIN + i * 5000;
      const minute = Math.floor(i / 12);
      const low = minute >= dipAt && minute < dipAt + dipLen;
      const backfilled = minute >= gapAt && minute < gapAt + 10;
      out.push({
        event: { id: id(), patientId: 'P1', time: iso(t), type: 'vitals', method: 'arterial', sbp: low ? 82 : 112, map: low ? 60 : 78 } as ClinicalEvent,
        arrival: backfilled ? T0 + (start + gapAt + 10) * MIN : t,
      });
    }
    return out;
  });

/** Monitor rhythm labels (AF episodes of minutes), some delivered in a backfill. */
const rhythm: Gen = (id) =>
  fc.array(fc.record({ step: fc.integer({ min: 1, max: 40 }), label: fc.constantFrom('sinus', 'sinus', 'af', 'aflutter'), late: fc.constantFrom(0, 0, 0, 10) }), { minLength: 2, maxLength: 15 }).map((rows) => {
    let t = T0;
    return rows.map((r) => {
      t += r.step * MIN;
      return onTime({ id: id(), patientId: 'P1', time: iso(t), type: 'rhythm', rhythm: r.label, hr: r.label === 'sinus' ? 85 : 125 } as ClinicalEvent, r.late);
    });
  });

/** Hourly urine, charted 1–4 h late in batches (each batch delivered at one time). */
const urine: Gen = (id) =>
  fc
    .record({
      volumes: fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 19 }), fc.integer({ min: 20, max: 90 })), { minLength: 3, maxLength: 12 }),
      batch: fc.integer({ min: 1, max: 4 }),
      late: fc.integer({ min: 0, max: 240 }),
    })
    .map(({ volumes, batch, late }) =>
      volumes.map((v, h) => {
        const end = T0 + (h + 1) * 60 * MIN;
        // Hours are charted in batches: every hour of a batch arrives with its last one, `late` after it.
        const batchEnd = T0 + (Math.floor(h / batch) * batch + batch) * 60 * MIN;
        return { event: { id: id(), patientId: 'P1', time: iso(end), type: 'urine', volumeMl: v, periodStart: iso(end - 60 * MIN) } as ClinicalEvent, arrival: Math.max(end, batchEnd) + late * MIN };
      }),
    );

/** Creatinine, IL-2 and sIL-2R results, resulted 3–12 h after collection (time = result time). */
const labs: Gen = (id) =>
  fc
    .uniqueArray(
      fc.record({
        at: fc.integer({ min: 0, max: 600 }),
        lab: fc.constantFrom(['CREAT', 'mg/dL', [0.9, 1.3, 1.8, 2.6, 3.2, 4.5]] as const, ['IL2', 'pg/mL', [1, 3, 7, 15]] as const, ['SIL2R', 'U/mL', [1500, 3000, 12000]] as const),
        pick: fc.nat(),
        resulted: fc.integer({ min: 180, max: 720 }),
      }),
      // One result per analyte and specimen (a second one would be a correction: see corrections.spec).
      { minLength: 1, maxLength: 6, selector: (r) => `${r.lab[0]}|${r.at}` },
    )
    .map((rows) =>
      rows.map((r) => {
        const code = r.lab[0];
        const unit = r.lab[1];
        const values: readonly number[] = r.lab[2];
        const specimen = T0 + r.at * MIN;
        const event = { id: id(), patientId: 'P1', time: iso(specimen + r.resulted * MIN), type: 'lab', code, unit, value: values[r.pick % values.length], specimenTime: iso(specimen) } as ClinicalEvent;
        return { event, arrival: specimen + r.resulted * MIN };
      }),
    );

/** Daily-ish weights and ACVPU assessments, charted up to 2 h late. */
const charted: Gen = (id) =>
  fc
    .array(
      fc.record({ at: fc.integer({ min: 0, max: 600 }), kind: fc.constantFrom('weight', 'neuro'), kg: fc.constantFrom(70, 77, 82), acvpu: fc.constantFrom('A', 'A', 'C', 'V'), late: fc.integer({ min: 0, max: 120 }) }),
      { maxLength: 5 },
    )
    .map((rows) =>
      rows.map((r) => {
        const time = iso(T0 + r.at * MIN);
        const event = (r.kind === 'weight' ? { id: id(), patientId: 'P1', time, type: 'weight', kg: r.kg } : { id: id(), patientId: 'P1', time, type: 'neuro', acvpu: r.acvpu }) as ClinicalEvent;
        return onTime(event, r.late);
      }),
    );

/** Doses every 8 h (the gate's schedule), documented on time. */
const dosesOnTime: Gen = (id) =>
  fc.boolean().map((dosed) =>
    dosed ? [0, 480].map((m, i) => onTime({ id: id(), patientId: 'P1', time: iso(T0 + m * MIN), type: 'dose', drug: 'aldesleukin', doseNumber: i + 1, status: 'given' } as ClinicalEvent)) : [],
  );

/** How late a dose is charted: on time, minutes late, or hours late (up to 5 h, inside the horizon). */
const chartingDelay = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 3, arbitrary: fc.integer({ min: 60, max: 300 }) });

/**
 * Doses charted late across the gate's checkpoints while the ward's clock runs on (bench:late's P10:
 * dose 2 charted 2 h 38 min late, after its gate's 2-h expiry, inside the horizon). Up to 3 doses,
 * mostly 8 h apart, some given early (before the next T − 2 h checkpoint) or late (after T_dose, or
 * past the 2-h expiry), some held; each charted on time, minutes or up to 5 h late, so a dose or a
 * hold documentation arrives after the T − 2 h and T_dose decisions or after the gate expired; or a
 * later dose's record arrives before an earlier one's. The clock: HR and NIBP every 30 min on time
 * (a stretch of low BP gives HOLD decisions) until 3 h past the last gate's expiry, so checkpoints
 * pass the horizon and are pruned as on a ward; hourly urine charted in batches up to 4 h late, or
 * none (HOLD — data missing), so a gate may decide before the urine it needs is charted.
 */
const dosesLate: Gen = (id) =>
  fc
    .record({
      first: fc.integer({ min: 0, max: 120 }),
      doses: fc.array(
        fc.record({
          // On schedule (T_dose), at a checkpoint (T − 2 h, the 2-h expiry), or anywhere from 4 h to 11 h.
          gap: fc.oneof({ weight: 3, arbitrary: fc.constant(480) }, { weight: 1, arbitrary: fc.constantFrom(360, 600) }, { weight: 2, arbitrary: fc.integer({ min: 240, max: 660 }) }),
          held: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
          late: chartingDelay,
        }),
        { minLength: 1, maxLength: 3 },
      ),
      /** The first dose's record arrives after the second's (a charting backlog). */
      swapped: fc.boolean(),
      /** Hourly urine charted in batches of 1–4 h, up to 4 h late (null: none charted). */
      urine: fc.option(fc.record({ batch: fc.integer({ min: 1, max: 4 }), late: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 240 })) }), { nil: null }),
      lowFrom: fc.integer({ min: 0, max: 1800 }),
      lowLen: fc.oneof(fc.constant(0), fc.integer({ min: 30, max: 240 })),
    })
    .map(({ first, doses: drawn, swapped, urine, lowFrom, lowLen }) => {
      const out: Delivered[] = [];
      // A backlog inside the horizon: dose 2 given early (4-5 h after dose 1, before its T − 2 h
      // checkpoint) and charted promptly, dose 1 charted 10 min after it (at most 5 h late).
      const backlog = swapped && drawn.length > 1;
      const rows = backlog ? drawn.map((r, i) => (i === 1 ? { ...r, gap: 240 + (r.gap % 50), late: Math.min(r.late, 290 - (240 + (r.gap % 50))) } : r)) : drawn;
      let at = first;
      const given = rows.map((r, i) => {
        if (i > 0) at += r.gap;
        return { at, late: r.late, status: r.held ? 'held' : 'given' };
      });
      if (backlog) given[0].late = given[1].at + given[1].late + 10 - given[0].at;
      given.forEach((g, i) => {
        const event = { id: id(), patientId: 'P1', time: iso(T0 + g.at * MIN), type: 'dose', drug: 'aldesleukin', doseNumber: i + 1, status: g.status } as ClinicalEvent;
        if (g.status === 'held') (event as { reason?: string }).reason = 'hypotension';
        out.push(onTime(event, g.late));
      });
      const end = given[given.length - 1].at + 480 + 120 + 180;
      for (let m = 5; m < end; m += 30) {
        const low = m >= lowFrom && m < lowFrom + lowLen;
        out.push(onTime({ id: id(), patientId: 'P1', time: iso(T0 + m * MIN), type: 'vitals', method: 'nibp', hr: 84, sbp: low ? 86 : 118, map: low ? 62 : 82 } as ClinicalEvent));
      }
      if (urine)
        for (let h = 1; h * 60 < end; h++) {
          const charted = T0 + Math.ceil(h / urine.batch) * urine.batch * 60 * MIN + urine.late * MIN;
          // A site of its own: in a whole patient's stream the urine part charts the default site (same period and site would be a correction).
          out.push({ event: { id: id(), patientId: 'P1', time: iso(T0 + h * 60 * MIN), type: 'urine', site: 'catheter', volumeMl: 60, periodStart: iso(T0 + (h - 1) * 60 * MIN) } as ClinicalEvent, arrival: charted });
        }
      return out;
    });

/** Doses on time (or none), or charted late across the gate's checkpoints on a ward's clock. */
const doses: Gen = (id) => fc.oneof(dosesOnTime(id), dosesLate(id));

/**
 * A day of the lab-reading rules' inputs with labs resulted 3–12 h after collection, most of them older
 * than every checkpoint kept when they arrive: hourly urine and doses every 8 h on time, creatinine,
 * IL-2 (troughs) and sIL-2R collected over 20 h, and a heart rate every 30 min on time (a ward's clock,
 * which moves the checkpoints as charting does, so the history horizon is reached).
 */
const lateLabs: Gen = (id) =>
  fc
    .record({
      volumes: fc.array(fc.constantFrom(5, 15, 19, 40, 60), { minLength: 24, maxLength: 24 }),
      labs: fc.uniqueArray(
        fc.record({
          at: fc.integer({ min: 0, max: 1200 }),
          lab: fc.constantFrom(['CREAT', 'mg/dL', [0.9, 1.3, 2.0, 2.6, 3.2]] as const, ['IL2', 'pg/mL', [1, 3, 7, 15]] as const, ['SIL2R', 'U/mL', [1500, 3000, 12000]] as const),
          pick: fc.nat(),
          resulted: fc.integer({ min: 180, max: 720 }),
        }),
        { minLength: 1, maxLength: 8, selector: (r) => `${r.lab[0]}|${r.at}` },
      ),
    })
    .map(({ volumes, labs: rows }) => {
      const out: Delivered[] = [];
      for (let m = 5; m < 24 * 60; m += 30) out.push(onTime({ id: id(), patientId: 'P1', time: iso(T0 + m * MIN), type: 'vitals', method: 'nibp', hr: 80 } as ClinicalEvent));
      volumes.forEach((v, h) => {
        const end = T0 + (h + 1) * 60 * MIN;
        out.push(onTime({ id: id(), patientId: 'P1', time: iso(end), type: 'urine', volumeMl: v, periodStart: iso(end - 60 * MIN) } as ClinicalEvent));
      });
      for (const [i, m] of [1, 481, 961].entries()) out.push(onTime({ id: id(), patientId: 'P1', time: iso(T0 + m * MIN), type: 'dose', drug: 'aldesleukin', doseNumber: i + 1, status: 'given' } as ClinicalEvent));
      for (const r of rows) {
        const values: readonly number[] = r.lab[2];
        const specimen = T0 + r.at * MIN;
        const result = specimen + r.resulted * MIN;
        out.push({ event: { id: id(), patientId: 'P1', time: iso(result), type: 'lab', code: r.lab[0], unit: r.lab[1], value: values[r.pick % values.length], specimenTime: iso(specimen) } as ClinicalEvent, arrival: result });
      }
      return out;
    });

/** The generated parts of a patient stream, by the inputs they feed. */
export const STREAM_PARTS = { vitals, arterialBackfill, rhythm, urine, labs, charted, doses } as const;
/** Parts drawn only on request (not part of the whole-patient stream). */
export const EXTRA_PARTS = { lateLabs } as const;
export type StreamPart = keyof typeof STREAM_PARTS | keyof typeof EXTRA_PARTS;
const ALL_PARTS: Record<StreamPart, Gen> = { ...STREAM_PARTS, ...EXTRA_PARTS };

/** A whole patient: admit (with baseline) first, then the generated parts (default: all of STREAM_PARTS). */
export function patientStream(only: readonly StreamPart[] = Object.keys(STREAM_PARTS) as StreamPart[]): fc.Arbitrary<Delivered[]> {
  let n = 0;
  const id = () => `e${++n}`;
  return fc.tuple(...only.map((k) => ALL_PARTS[k](id))).map((parts) => {
    n = 0;
    const admit = onTime({ id: 'admit', patientId: 'P1', time: iso(T0 - 120 * MIN), type: 'admit', wardId: 'W1', bed: '1', weightKg: 70, baseline: { sbp: 125, weightKg: 70, creatinine: 0.9 } } as ClinicalEvent);
    // Ids are given once the tuple is drawn, so shrinking keeps them unique; on copies, since a shrunk
    // tuple shares its unchanged parts' objects with the value it came from (fast-check prints that one).
    const all = parts.flat().map((d, i) => ({ ...d, event: { ...d.event, id: `e${i + 1}` } }));
    return [admit, ...all];
  });
}

/**
 * The stream as delivered: by arrival time, ties in effective order (a stable sort keeps generation
 * order). `endAt` (default: the last arrival) is the final tick, so orders compared end at one time.
 */
export function byArrival(ds: Delivered[], endAt = lastArrival(ds)): StreamItem[] {
  return [...[...ds].sort((a, b) => a.arrival - b.arrival || effectiveMs(a.event) - effectiveMs(b.event)).map((d) => d.event), endTick(endAt)];
}

/** When the last of these events arrives (ms). */
export function lastArrival(ds: Delivered[]): number {
  return Math.max(...ds.map((d) => d.arrival));
}

/** Both orders end with the clock at the same time (the last arrival), so the same timers have run. */
function endTick(at: number): StreamItem {
  return { type: 'tick', time: iso(at) };
}

/** The same events with their arrival delayed past their own time by `delaysMin[i]` minutes (admission first, on time). */
export function delayed(ds: Delivered[], delaysMin: readonly number[]): Delivered[] {
  const [admit, ...rest] = ds;
  return [admit, ...rest.map((d, i) => ({ ...d, arrival: Date.parse(d.event.time) + (delaysMin[i % delaysMin.length] ?? 0) * MIN }))];
}

/**
 * The reference: every event delivered at its effective time, in that order (a lab as if resulted the
 * moment it was collected, so the replay's clock never runs ahead of what it has been given).
 */
export function byEffective(ds: Delivered[], endAt = lastArrival(ds)): StreamItem[] {
  return [...ds]
    .sort((a, b) => effectiveMs(a.event) - effectiveMs(b.event))
    .map((d): StreamItem => (d.event.type === 'lab' && d.event.specimenTime ? { ...d.event, time: d.event.specimenTime } : d.event))
    .concat([endTick(endAt)]);
}

/**
 * The episodes an offline replay of these items publishes, read as `episodes()` reads them: the
 * transition log with the engine's effective-time view of closed records (revisedClosedAlerts).
 * DATA_GAP is left out: it is judged on arrival (§10), so it depends on arrival order by design.
 */
export function replayedEpisodes(items: StreamItem[], thresholds?: Partial<ThresholdValues>): Episode[] {
  let revised = new Map<string, Alert | null>();
  const transitions = replayStream(items, { keepSettledRevisions: true, thresholds, onEnd: (engine) => (revised = engine.revisedClosedAlerts()) });
  return episodes(transitions, ['data_gap'], revised);
}

export { episodes, type Episode } from '../lib/replay/episodes';

/** Lifecycle invariants of a transition log; returns the violations (empty when it holds). */
export function lifecycleViolations(transitions: EngineTransition[]): string[] {
  const out: string[] = [];
  const state = new Map<string, string>();
  for (const t of transitions) {
    const id = t.alert.id;
    const prev = state.get(id);
    if (t.type === 'raised' && prev !== undefined) out.push(`second raised for ${id}`);
    if (t.type !== 'raised' && prev === undefined) out.push(`${t.type} before raised for ${id}`);
    if (prev === 'resolved' || prev === 'cancelled') out.push(`${t.type} after ${prev} for ${id}`);
    if (t.type === 'raised' && /^Resolved|^Cancelled/.test(t.alert.message)) out.push(`raised with a closing message for ${id}`);
    state.set(id, t.type === 'resolved' || t.type === 'cancelled' ? t.type : 'open');
  }
  return out;
}
