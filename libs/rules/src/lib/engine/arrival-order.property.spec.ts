import fc from 'fast-check';
import { replayStream } from '../replay/offline-replay';
import { byArrival, byEffective, delayed, lastArrival, lifecycleViolations, patientStream, replayedEpisodes, type Delivered } from '../../testing/late-streams';

/**
 * Issue 16 / CLINICAL_RULES §10, property-based (fast-check): for generated patient streams touching
 * every rule's inputs (testing/late-streams.ts: vitals, a 5-s arterial backfill, rhythm labels, urine
 * charted 1-4 h late in batches, labs resulted 3-12 h after collection, weights, ACVPU, doses):
 * - the lifecycle holds in effective-time order, in ward-like arrival order and with any delays up to
 *   5 h: one `raised` per alert id and it comes first, nothing after `resolved`/`cancelled`, no
 *   `raised` carrying a closing message;
 * - the episodes (rule, severity, effective onset and resolution) do not depend on arrival order:
 *   ward-like arrival order gives those of effective-time order, and resent duplicates change
 *   nothing. (Any delays up to 5 h: not yet; a 5-s arterial backfill delayed by hours still finds an
 *   onset 30 s apart, see the issue 16 report.) Episodes are read from the transitions with the engine's effective-time view of
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
  }, 120_000);

  it('holds with any delays up to 5 h (inside the 6 h vitals horizon)', () => {
    fc.assert(
      fc.property(patientStream(), delays, (ds: Delivered[], d) => {
        expect(lifecycleViolations(replayStream(byArrival(delayed(ds, d))))).toEqual([]);
      }),
      options,
    );
  }, 120_000);
});

describe('episodes do not depend on arrival order (property-based, fast-check)', () => {
  it('ward-like arrival order gives the episodes of effective-time order', () => {
    fc.assert(
      fc.property(patientStream(), (ds: Delivered[]) => {
        expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
      }),
      options,
    );
  }, 120_000);

  it('duplicates resent up to 5 h later change nothing', () => {
    fc.assert(
      fc.property(patientStream(), delays, (ds: Delivered[], d) => {
        const resent = ds.slice(1).filter((_, i) => i % 3 === 0).map((x, i) => ({ ...x, arrival: x.arrival + d[i % d.length] * 60_000 }));
        const end = lastArrival([...ds, ...resent]);
        expect(replayedEpisodes(byArrival([...ds, ...resent], end))).toEqual(replayedEpisodes(byArrival(ds, end)));
      }),
      options,
    );
  }, 120_000);
});
