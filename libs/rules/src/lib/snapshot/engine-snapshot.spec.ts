import { RulesEngine } from '../rules-engine';
import { feed, generateStream, seededRandom } from '../../testing/generated-streams';
import { EngineSnapshotMismatchError, restoreEngine, snapshotEngine } from './engine-snapshot';

/** Through JSON text, as the service stores it. */
const stored = (e: RulesEngine) => JSON.parse(JSON.stringify(snapshotEngine(e)));
const stateText = (e: RulesEngine) => JSON.stringify(snapshotEngine(e).state);

describe('engine snapshots: restore(snapshot) + the events after it = the uninterrupted engine', () => {
  // A fixed set of seeds (reproducible in CI); a longer soak: raise the count locally.
  const seeds = Array.from({ length: 12 }, (_, i) => 1000 + i);

  it.each(seeds)('generated stream %i: same transitions and same final state after a cut at random points', (seed) => {
    const items = generateStream(seed, 250);
    const whole = new RulesEngine();
    const expected = feed(whole, items, { t: -Infinity });
    expect(expected.length).toBeGreaterThan(0);
    const rnd = seededRandom(seed * 7);
    for (const k of [0, items.length, ...Array.from({ length: 4 }, () => Math.floor(rnd() * items.length))]) {
      const before = new RulesEngine();
      const clock = { t: -Infinity };
      const head = feed(before, items.slice(0, k), clock);
      const restored = restoreEngine(stored(before));
      const tail = feed(restored, items.slice(k), clock);
      expect([...head, ...tail]).toEqual(expected);
      expect(stateText(restored)).toBe(stateText(whole));
      expect(restored.activeAlerts()).toEqual(whole.activeAlerts());
    }
  }, 60_000);

  it.each([2001])('generated stream %i: a snapshot/restore cut at every item', (seed) => {
    const items = generateStream(seed, 200);
    const whole = new RulesEngine();
    const expected = feed(whole, items, { t: -Infinity });
    let engine = new RulesEngine();
    const clock = { t: -Infinity };
    const actual = [];
    for (const item of items) {
      engine = restoreEngine(stored(engine));
      actual.push(...feed(engine, [item], clock));
    }
    expect(actual).toEqual(expected);
    expect(stateText(engine)).toBe(stateText(whole));
  }, 120_000);

  it('covers the state kinds that matter: detector windows (typed arrays), open alerts, timers, ward thresholds', () => {
    const items = generateStream(1003, 350);
    const engine = new RulesEngine();
    feed(engine, items, { t: -Infinity });
    const text = JSON.stringify(snapshotEngine(engine));
    expect(text).toContain('"c":"DashAfDetector"');
    expect(text).toContain('"t":"Float64Array"');
    expect(text).toContain('"c":"AlertBook"');
    expect(engine.activeAlerts().length + (text.match(/"state":"resolved"/g)?.length ?? 0)).toBeGreaterThan(0);
  });

  it('refuses a snapshot of another engine build, format version or engine options, never misreads it', () => {
    const engine = new RulesEngine();
    feed(engine, generateStream(1001, 100), { t: -Infinity });
    const snap = stored(engine);
    const reason = (s: unknown, options = {}) => {
      try {
        restoreEngine(s, options);
        return 'restored';
      } catch (e) {
        expect(e).toBeInstanceOf(EngineSnapshotMismatchError);
        return (e as EngineSnapshotMismatchError).reason;
      }
    };
    expect(reason({ ...snap, fingerprint: '0000000000000000' })).toBe('fingerprint');
    expect(reason({ ...snap, version: snap.version + 1 })).toBe('version');
    expect(reason({ ...snap, format: 'other' })).toBe('format');
    expect(reason(null)).toBe('format');
    expect(reason(snap, { historyHours: 2 })).toBe('options');
    expect(reason(snap, { thresholds: { sbpLow: 80 } })).toBe('options');
    expect(reason({ ...snap, state: { root: { $r: 0 }, objects: [{ c: 'NoSuchClass', f: {} }] } })).toBe('corrupt');
    expect(reason(snap)).toBe('restored');
  });
});
