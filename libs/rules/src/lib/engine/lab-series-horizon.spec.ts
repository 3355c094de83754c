import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine } from '../rules-engine';
import { byArrival, byEffective, lifecycleViolations, replayedEpisodes, type Delivered } from '../../testing/late-streams';
import { replayStream } from '../replay/offline-replay';

/**
 * Labs resulted beyond the 6-h vitals horizon (issue 16, docs/DECISIONS.md): a result whose specimen
 * is older than every checkpoint but at most 48 h old re-evaluates the lab series (CREATININE,
 * sIL-2R, IL-2 PK, OLIGURIA) over the kept history, stamped late; the vitals are not kept longer for
 * it. Later rebuilds (a late vital inside the horizon) keep the result. IL-2 PK, sIL-2R and OLIGURIA:
 * scenarios late-il2-*, late-sil2r-resulted-12h, late-creatinine-12h-oliguria-escalates.
 */
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const MIN = 60_000;
const iso = (m: number) => new Date(T0 + m * MIN).toISOString();
const at = (d: Delivered[]) => d;
const admit: Delivered = { event: { id: 'admit', patientId: 'P1', time: iso(-60), type: 'admit', wardId: 'W1', bed: '1', weightKg: 70, baseline: { creatinine: 0.9 } } as ClinicalEvent, arrival: T0 - 60 * MIN };
const vital = (m: number, arrivesM = m): Delivered => ({ event: { id: `v${m}`, patientId: 'P1', time: iso(m), type: 'vitals', method: 'nibp', sbp: 118, map: 80, hr: 82 } as ClinicalEvent, arrival: T0 + arrivesM * MIN });
const creat = (id: string, specimenM: number, resultedM: number, value: number): Delivered => ({
  event: { id, patientId: 'P1', time: iso(resultedM), type: 'lab', code: 'CREAT', unit: 'mg/dL', value, specimenTime: iso(specimenM) } as ClinicalEvent,
  arrival: T0 + resultedM * MIN,
});
const vitalsEvery10 = (from: number, to: number) => Array.from({ length: (to - from) / 10 + 1 }, (_, i) => vital(from + 10 * i));
const creatinine = (ts: EngineTransition[]) => ts.filter((t) => t.alert.rule === 'creatinine').map((t) => [t.type, t.at, t.effectiveAt ?? null, t.recordedAt ?? null]);

describe('a lab resulted beyond the 6-h horizon still counts in effective time (lab series, 48 h)', () => {
  it('raises on the specimen time, stamped late, and resolves on an earlier-resulted later specimen', () => {
    const ds = at([admit, ...vitalsEvery10(0, 1260), creat('c-late', 60, 1260, 2.0), creat('c-later', 360, 420, 1.0)]);
    const log = replayStream(byArrival(ds));
    expect(creatinine(log)).toEqual([
      ['raised', iso(60), iso(60), iso(1260)],
      ['resolved', iso(360), iso(360), iso(1260)],
    ]);
    expect(lifecycleViolations(log)).toEqual([]);
    expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
  });

  it('a late vital inside the horizon, after it, does not undo it (checkpoints take the lab series too)', () => {
    const ds = at([admit, ...vitalsEvery10(0, 1440), creat('c-late', 240, 1440, 2.0), { ...vital(1435, 1450), event: { ...vital(1435).event, id: 'v-late', sbp: 117 } as ClinicalEvent }]);
    const log = replayStream(byArrival(ds));
    expect(creatinine(log)).toEqual([['raised', iso(240), iso(240), iso(1440)]]);
    expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
  });

  it('a correction of that result (same specimen) beyond the horizon cancels the alert it raised', () => {
    const engine = new RulesEngine();
    engine.process(admit.event);
    for (const d of vitalsEvery10(0, 1440)) {
      engine.tick(d.event.time);
      engine.process(d.event);
    }
    const raised = engine.process(creat('c1', 240, 1440, 2.0).event);
    expect(raised.map((t) => t.type)).toEqual(['raised']);
    engine.tick(iso(1460));
    const corrected = engine.process(creat('c2', 240, 1460, 1.0).event);
    expect(corrected.map((t) => [t.type, t.alert.id, t.effectiveAt, t.recordedAt])).toEqual([['cancelled', raised[0].alert.id, iso(240), iso(1460)]]);
    expect(engine.activeAlerts('P1').filter((a) => a.rule === 'creatinine')).toEqual([]);
  });

  it('does not raise again an earlier episode of the series already closed past the vitals horizon', () => {
    const ds = at([admit, ...vitalsEvery10(0, 2400), creat('c1', 60, 120, 2.0), creat('c2', 300, 360, 1.0), creat('c-late', 1500, 2400, 2.2)]);
    const log = replayStream(byArrival(ds));
    expect(creatinine(log).map((t) => [t[0], t[1]])).toEqual([
      ['raised', iso(60)],
      ['resolved', iso(300)],
      ['raised', iso(1500)],
    ]);
    expect(lifecycleViolations(log)).toEqual([]);
    expect(replayedEpisodes(byArrival(ds))).toEqual(replayedEpisodes(byEffective(ds)));
  });

  it('older than 48 h it is applied as it arrives (those windows are no longer re-evaluated)', () => {
    const ds = at([admit, ...vitalsEvery10(0, 3000), creat('c-old', 60, 3000, 2.0), creat('c-later', 360, 420, 1.0)]);
    const log = replayStream(byArrival(ds));
    // Not re-evaluated: the later, lower result already consumed cannot end it.
    expect(creatinine(log).map((t) => t[0])).toEqual(['raised', 'escalated']);
  });
});
