import fc from 'fast-check';
import { replayStream } from '../replay/offline-replay';
import { byArrival, byEffective, delayed, lastArrival, lifecycleViolations, patientStream, replayedEpisodes, type Delivered, type StreamPart } from '../../testing/late-streams';

/**
 * Issue 16 / CLINICAL_RULES §10, property-based (fast-check): for generated patient streams touching
 * every rule's inputs (testing/late-streams.ts: vitals, a 5-s arterial backfill, rhythm labels, urine
 * charted 1-4 h late in batches, labs resulted 3-12 h after collection, weights, ACVPU, doses):
 * - the lifecycle holds in effective-time order, in ward-like arrival order and with any delays up to
 *   5 h: one `raised` per alert id and it comes first, nothing after `resolved`/`cancelled`, no
 *   `raised` carrying a closing message;
 * - the episodes (rule, severity, effective onset and resolution) do not depend on arrival order:
 *   ward-like arrival order gives those of effective-time order, resent duplicates change nothing, and
 *   any delays up to 5 h give the effective-time episodes for the mixed intermittent vitals (recheck
 *   prompts of HYPOTENSION, TACHYCARDIA, FEVER, HYPOXIA), the monitor's 5-s arterial backfill, rhythm
 *   labels, urine, labs, weights/ACVPU and doses, each stream on its own (since late events replay from a
 *   checkpoint, and a continuation id taken over by a new episode keeps that episode's own onset:
 *   continuation-identity.spec.ts). Episodes are read from the transitions with the engine's effective-time view of
 *   records already closed downstream (revisedClosedAlerts): a recheck prompt closed as unconfirmed
 *   before its late confirmation arrived stays on record, and its episode goes on under a continuation.
 *   DATA_GAP is left out (judged on arrival, §10).
 *
 * Fixed seed and run count keep `npm test` deterministic and under a minute; VIGIL_PROPERTY_RUNS and
 * VIGIL_PROPERTY_SEED make a longer soak (`npm run soak:late`).
 */
export const PROPERTY_SEED = 20261203;
const RUNS = Number(process.env['VIGIL_PROPERTY_RUNS'] ?? 40);
const SEED = process.env['VIGIL_PROPERTY_SEED'] ? Number(process.env['VIGIL_PROPERTY_SEED']) : PROPERTY_SEED;
const options = { seed: SEED, numRuns: RUNS };
/**
 * The mixed-vitals property draws from its own fixed seed: about 1 stream in 50-300 (seed-dependent)
 * read differently before the continuation fix (continuation-identity.spec.ts), and this seed's 20th
 * stream is one of them, so the unfixed engine fails within `npm test`'s budget (checked by reverting
 * the fix). The soak and VIGIL_PROPERTY_SEED override it like the others'.
 */
const MIXED_VITALS_SEED = process.env['VIGIL_PROPERTY_SEED'] ? SEED : 1;
/** Per test; the soak (many runs) raises it. */
const TIMEOUT = Number(process.env['VIGIL_PROPERTY_TIMEOUT_MS'] ?? 120_000);
/** Delays up to 5 h (inside the 6 h vitals horizon), one per event. */
const delays = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 200, maxLength: 200 });

describe('alert lifecycle under late data (property-based, fast-check)', () => {
  it('holds in effective-time order and in ward-like arrival order', () => {
    fc.assert(
      fc.property(patientStream(), (ds: Delivered[]) => {
        expect(lifecycleViolations(replayStream(byEffective(ds)))).toEqual([]);
        expect(lifecycleViolations(replayStream(byArrival(ds)))).toEqual([]);
      }),
      options,
    );
  }, TIMEOUT);

  it('holds with any delays up to 5 h (inside the 6 h vitals horizon)', () => {
    fc.assert(
      fc.property(patientStream(), delays, (ds: Delivered[], d) => {
        expect(lifecycleViolations(replayStream(byArrival(delayed(ds, d))))).toEqual([]);
      }),
      options,
    );
  }, TIMEOUT);
});

describe('episodes do not depend on arrival order (property-based, fast-check)', () => {
  it('ward-like arrival order gives the episodes of effective-time order', () => {
    fc.assert(
      fc.property(patientStream(), (ds: Delivered[]) => {
        expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
      }),
      options,
    );
  }, TIMEOUT);

  it('duplicates resent up to 5 h later change nothing', () => {
    fc.assert(
      fc.property(patientStream(), delays, (ds: Delivered[], d) => {
        const resent = ds.slice(1).filter((_, i) => i % 3 === 0).map((x, i) => ({ ...x, arrival: x.arrival + d[i % d.length] * 60_000 }));
        const end = lastArrival([...ds, ...resent]);
        expect(replayedEpisodes(byArrival([...ds, ...resent], end))).toEqual(replayedEpisodes(byArrival(ds, end)));
      }),
      options,
    );
  }, TIMEOUT);

  // Each rule's inputs on their own, delivered with any delays up to 5 h (inside the horizon).
  const parts: Array<[string, StreamPart[]]> = [
    ['mixed intermittent vitals (HYPOTENSION, TACHYCARDIA, FEVER, HYPOXIA recheck prompts)', ['vitals']],
    ["the monitor's 5-s arterial backfill (HYPOTENSION, continuous)", ['arterialBackfill']],
    ['rhythm labels (AF_RHYTHM_LABEL, TACHYCARDIA from the monitor HR)', ['rhythm']],
    ['urine charted in batches (OLIGURIA)', ['urine']],
    ['labs (CREATININE, IL-2, sIL-2R)', ['labs']],
    ['weights, ACVPU and doses (WEIGHT_GAIN, CONFUSION, DOSE_GATE)', ['charted', 'doses']],
  ];
  for (const [name, only] of parts)
    it(`any delays up to 5 h give the episodes of effective-time order: ${name}`, () => {
      fc.assert(
        fc.property(patientStream(only), delays, (ds: Delivered[], d) => {
          const late = delayed(ds, d);
          expect(lifecycleViolations(replayStream(byArrival(late)))).toEqual([]);
          expect(replayedEpisodes(byArrival(late))).toEqual(replayedEpisodes(byEffective(late)));
        }),
        only.length === 1 && only[0] === 'vitals' ? { ...options, seed: MIXED_VITALS_SEED } : options,
      );
    }, TIMEOUT);

  /**
   * Doses charted as a ward charts them (testing/late-streams.ts `doses`): on time, or minutes to 5 h
   * late while the ward's clock (HR and BP every 30 min, hourly urine) runs on, so a dose or a held
   * dose's documentation arrives after the gate's T − 2 h or T_dose decision or after its 2-h expiry,
   * or a later dose's record before an earlier one's (bench:late's P10, late-dose-gate.spec in the cli).
   * Every event is inside the history horizon, so the gate is re-evaluated with everything else.
   */
  it('doses charted late across the gate checkpoints and past its expiry give the episodes of effective-time order (DOSE_GATE)', () => {
    fc.assert(
      fc.property(patientStream(['doses']), (ds: Delivered[]) => {
        expect(lifecycleViolations(replayStream(byArrival(ds)))).toEqual([]);
        expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
      }),
      options,
    );
  }, TIMEOUT);

  /**
   * Labs resulted 3–12 h after collection over a day (lateLabs), most older than every checkpoint kept
   * when they arrive: the lab-reading rules (CREATININE, sIL-2R, IL-2 PK, OLIGURIA) are replayed over the
   * kept history and give the effective-time episodes. DOSE_GATE is left out: a decision already closed
   * by its dose stands as made (docs/DECISIONS.md).
   */
  it('labs resulted 3-12 h after collection, beyond the history horizon, give the episodes of effective-time order', () => {
    const lab = (eps: ReturnType<typeof replayedEpisodes>) => eps.filter((e) => e.rule !== 'dose_gate');
    fc.assert(
      fc.property(patientStream(['lateLabs']), (ds: Delivered[]) => {
        expect(lifecycleViolations(replayStream(byArrival(ds)))).toEqual([]);
        expect(lab(replayedEpisodes(byArrival(ds)))).toEqual(lab(replayedEpisodes(byEffective(ds))));
      }),
      options,
    );
  }, TIMEOUT);
});
