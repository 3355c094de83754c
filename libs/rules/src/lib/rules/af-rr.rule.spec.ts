import { RulesEngine } from '../rules-engine';
import { admit, brief, evt } from '../../testing/event-builders';

/** Deterministic RR series: irregular (AF-like, 450–1050 ms uniform) or regular sinus (800 ± 10 ms). */
function series(seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return {
    irregular: (n: number) => Array.from({ length: n }, () => Math.round(450 + rnd() * 600)),
    regular: (n: number) => Array.from({ length: n }, () => Math.round(790 + rnd() * 20)),
  };
}

const minutes = (rr: number[]) => rr.reduce((a, x) => a + x, 0) / 60_000;

describe('AF_RR emits every transition of an rr batch', () => {
  it('a resolve and a re-raise inside one batch are two transitions on two alerts, in time order', () => {
    const e = new RulesEngine();
    e.process(admit());
    const g = series(7);
    let t = 0;
    const first = g.irregular(200);
    t += minutes(first);
    const raised = e.process(evt('rr', t, { intervalsMs: first }));
    expect(brief(raised)).toEqual(['raised af_rr medium active']);
    // One long batch: sinus long enough to resolve (24 non-AF windows), then AF long enough to re-raise.
    const batch = [...g.regular(560), ...g.irregular(260)];
    t += minutes(batch);
    // This batch arrives 6.5 min after the 2.5-min one before it: the monitor feed was silent longer
    // than 5 min, a DATA_GAP of §10 (raised at 5 min; this batch brings the feed back, the alert stays open
    // until the next one is on cadence: §6.0 hysteresis); only AF_RR's transitions matter here.
    const all = e.process(evt('rr', t, { intervalsMs: batch }));
    expect(brief(all).filter((x) => x.includes('data_gap'))).toEqual(['raised data_gap low active', 'updated data_gap low active']);
    // (The first alert's escalation, unacknowledged for minutes, comes in the same batch; not a transition of the detector.)
    const out = all.filter((x) => x.alert.rule === 'af_rr' && x.type !== 'escalated');
    expect(brief(out)).toEqual(['resolved af_rr medium resolved', 'raised af_rr medium active']);
    expect(out[1].alert.id).not.toBe(raised[0].alert.id);
    expect(Date.parse(out[0].at)).toBeLessThan(Date.parse(out[1].at));
    expect(e.activeAlerts('P1').filter((a) => a.rule === 'af_rr').map((a) => a.id)).toEqual([out[1].alert.id]);
  });

  it('a whole episode inside one batch raises and resolves', () => {
    const e = new RulesEngine();
    e.process(admit());
    const g = series(11);
    const batch = [...g.regular(200), ...g.irregular(300), ...g.regular(560)];
    const out = e.process(evt('rr', minutes(batch), { intervalsMs: batch }));
    expect(brief(out)).toEqual(['raised af_rr medium active', 'resolved af_rr medium resolved']);
    expect(e.activeAlerts('P1')).toEqual([]);
  });
});

describe('AF_RR resolves slower than it raises (hysteresis, issue 18)', () => {
  it('a regular stretch of under 24 windows inside AF neither resolves nor re-raises; a longer one resolves', () => {
    const g = series(5);
    const e = new RulesEngine();
    e.process(admit());
    // AF, then 250 regular beats (about 10 non-AF windows), then AF again: one alert throughout.
    const batch = [...g.irregular(300), ...g.regular(250), ...g.irregular(300)];
    const afOnly = (xs: ReturnType<RulesEngine['process']>) => brief(xs.filter((x) => x.alert.rule === 'af_rr' && x.type !== 'escalated'));
    expect(afOnly(e.process(evt('rr', minutes(batch), { intervalsMs: batch })))).toEqual(['raised af_rr medium active']);
    // With the previous resolve (4 windows) the same stream resolved and re-raised: two alerts.
    const before = new RulesEngine({ thresholds: { afRrResolveWindows: 4 } });
    before.process(admit());
    expect(afOnly(before.process(evt('rr', minutes(batch), { intervalsMs: batch })))).toEqual(['raised af_rr medium active', 'resolved af_rr medium resolved', 'raised af_rr medium active']);
    // A regular stretch longer than 24 windows resolves.
    const long = new RulesEngine();
    long.process(admit());
    const ended = [...g.irregular(300), ...g.regular(600)];
    expect(afOnly(long.process(evt('rr', minutes(ended), { intervalsMs: ended })))).toEqual(['raised af_rr medium active', 'resolved af_rr medium resolved']);
  });
});

describe('AF_RR with the monitor\'s beat classes', () => {
  it('reads only normal-to-normal intervals: irregular RR from frequent labelled PACs does not raise, the same RR unlabelled does', () => {
    const rr = series(3).irregular(400);
    const classes = rr.map((_, i) => (i % 2 ? 'S' : 'N')).join('');
    const labelled = new RulesEngine();
    labelled.process(admit());
    expect(labelled.process(evt('rr', minutes(rr), { intervalsMs: rr, beatClasses: classes }))).toEqual([]);
    const unlabelled = new RulesEngine();
    unlabelled.process(admit());
    expect(brief(unlabelled.process(evt('rr', minutes(rr), { intervalsMs: rr })))).toEqual(['raised af_rr medium active']);
  });
});
