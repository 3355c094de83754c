import type { ClinicalEvent } from '@vigil/contracts';
import { RulesEngine, type RulesEngineOptions } from '../rules-engine';

/**
 * revisedClosedAlerts (the effective-time view of records already closed downstream) is bounded like
 * the rest of a patient's late-data state: an entry goes once its record leaves the 6-h horizon, so a
 * long stay does not grow it without limit. Offline analyses that read every revision at the end of a
 * run ask for them with `keepSettledRevisions`.
 *
 * Each hour of the stream makes one revision: a temperature of 39.3 °C raises a recheck prompt, a
 * normal one 30 min later closes it as unconfirmed, then a normal one of 10 min after the prompt,
 * charted late, shows it closed at +10 min: the record (closed at +30) stands and is revised.
 */
const T0 = Date.parse('2026-11-26T00:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HOURS = 72;

function run(options: RulesEngineOptions): { sizes: number[]; engine: RulesEngine } {
  const engine = new RulesEngine(options);
  engine.process({ id: 'admit', patientId: 'P1', time: iso(T0 - 60 * MIN), type: 'admit', wardId: 'W1', bed: '1', weightKg: 70 } as ClinicalEvent);
  const temp = (id: string, at: number, temp: number) => ({ id, patientId: 'P1', time: iso(at), type: 'vitals', method: 'nibp', temp }) as ClinicalEvent;
  const sizes: number[] = [];
  for (let h = 0; h < HOURS; h++) {
    const t = T0 + h * 60 * MIN;
    engine.tick(iso(t));
    engine.process(temp(`h${h}-fever`, t, 39.3));
    engine.tick(iso(t + 30 * MIN));
    engine.process(temp(`h${h}-normal`, t + 30 * MIN, 36.8));
    engine.tick(iso(t + 40 * MIN));
    engine.process(temp(`h${h}-late`, t + 10 * MIN, 36.9));
    sizes.push(engine.revisedClosedAlerts('P1').size);
  }
  return { sizes, engine };
}

describe('the effective-time view of closed records is bounded', () => {
  it('holds only the records within the horizon over a 72-h stay with a revision every hour', () => {
    const { sizes, engine } = run({});
    // Every hour revised one record (the stream does what it says) ...
    expect(Math.max(...sizes.slice(0, 4))).toBeGreaterThanOrEqual(3);
    const kept = [...engine.revisedClosedAlerts('P1').values()];
    expect(kept.every((a) => a !== null && a.resolvedAt === a.openedAt.replace(/:00:00\.000Z$/, ':10:00.000Z'))).toBe(true);
    // ... but no more than the 6-h horizon's worth (plus the 30-min checkpoint step and the prune cadence) are held.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(12);
  });

  it('keeps every revision when asked (offline analyses)', () => {
    const { sizes } = run({ keepSettledRevisions: true });
    expect(sizes[sizes.length - 1]).toBe(HOURS);
  });
});
