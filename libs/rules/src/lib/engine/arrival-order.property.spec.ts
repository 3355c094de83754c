import fc from 'fast-check';
import { replayStream } from '../replay/offline-replay';
import { byArrival, byEffective, lifecycleViolations, patientStream, type Delivered } from '../../testing/late-streams';

/**
 * Issue 16 / CLINICAL_RULES §10, property-based (fast-check): for generated patient streams touching
 * every rule's inputs (testing/late-streams.ts: vitals, a 5-s arterial backfill, rhythm labels, urine
 * charted 1-4 h late in batches, labs resulted 3-12 h after collection, weights, ACVPU, doses), the
 * lifecycle holds in effective-time order, in ward-like arrival order and with any delays up to 5 h:
 * one `raised` per alert id and it comes first, nothing after `resolved`/`cancelled`, no `raised`
 * carrying a closing message.
 *
 * Not asserted here (open, see the issue 16 report): that every arrival order gives the episodes of
 * effective-time order. testing/late-streams.ts has `episodes()` for it; with issue 15's recheck
 * prompts and step-downs, generated streams still find orders that differ (a prompt closed as "did not
 * confirm" before the confirming reading arrives; a step-down published before a late low reading).
 *
 * Fixed seed and run count keep `npm test` deterministic and well under a minute.
 */
export const PROPERTY_SEED = 20261203;
const RUNS = Number(process.env['VIGIL_PROPERTY_RUNS'] ?? 40);
const SEED = process.env['VIGIL_PROPERTY_SEED'] ? Number(process.env['VIGIL_PROPERTY_SEED']) : PROPERTY_SEED;

describe('alert lifecycle under late data (property-based, fast-check)', () => {
  it('holds in effective-time order and in ward-like arrival order', () => {
    fc.assert(
      fc.property(patientStream(), (ds: Delivered[]) => {
        expect(lifecycleViolations(replayStream(byEffective(ds)))).toEqual([]);
        expect(lifecycleViolations(replayStream(byArrival(ds)))).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('holds with any delays up to 5 h (inside the 6 h vitals horizon)', () => {
    fc.assert(
      fc.property(patientStream(), fc.infiniteStream(fc.integer({ min: 0, max: 300 })), (ds: Delivered[], delays) => {
        const it = delays[Symbol.iterator]();
        const [admit, ...rest] = ds;
        const delayed = rest.map((d) => ({ ...d, arrival: Date.parse(d.event.time) + (it.next().value as number) * 60_000 }));
        expect(lifecycleViolations(replayStream(byArrival([admit, ...delayed])))).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);
});
