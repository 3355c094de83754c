/**
 * `npm run bench:late`: what late data cost the offline replay (issue 16). The simulated ward (20
 * patients, 24 h, seed 'bench', as `bench:replay`) replayed in effective-time order, and the same
 * events with 20% of the non-RR events delivered late (vitals and labels 1-180 min, urine 1-4 h, labs
 * 3-12 h; a deterministic choice), in one run, interleaved, medians of BENCH_RUNS (default 5).
 * The RR stream stays in order (the engine consumes it in arrival order and never re-sequences it).
 * Also reports how many late events forced a rebuild and the episodes of both orders (they must agree
 * apart from DATA_GAP, which is judged on arrival).
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import type { Alert, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { episodes, replayStream, toMs, type RulesEngine, type StreamItem } from '@vigil/rules';
import { simulateWard } from '../src/simulate/ward-simulator';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const LATE_SHARE = Number(process.env['BENCH_LATE_SHARE'] ?? 0.2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (s: string) => process.stderr.write(s + '\n');
const MIN = 60_000;

/** A small deterministic generator (no Math.random: the same run every time). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Arrival order with `share` of the non-RR, non-admission events late by a ward-like delay. */
export function withLateEvents(events: ClinicalEvent[], share: number, seed = 16): { items: StreamItem[]; late: number } {
  const rnd = lcg(seed);
  let late = 0;
  const keyed = events.map((e, i) => {
    const t = toMs(e.time);
    let delay = 0;
    if (e.type !== 'rr' && e.type !== 'admit' && rnd() < share) {
      late++;
      const r = rnd();
      delay = e.type === 'urine' ? 60 + r * 180 : e.type === 'lab' ? 180 + r * 540 : 1 + r * 179;
    }
    return { e, arrival: t + delay * MIN, i };
  });
  keyed.sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  const items: StreamItem[] = keyed.map((k) => k.e);
  // Both orders end with the clock at the same time, so the same timers have run.
  items.push({ type: 'tick', time: new Date(Math.max(...keyed.map((k) => k.arrival))).toISOString() });
  return { items, late };
}

/**
 * Per patient, the episodes the transitions describe (rule, severity, effective onset and resolution)
 * with the engine's effective-time view of records already closed downstream (`episodes()` of the
 * rules library); DATA_GAP left out (judged on arrival, §10).
 */
function wardEpisodes(ts: EngineTransition[], revised: Map<string, Alert | null>): string[] {
  const byPatient = new Map<string, EngineTransition[]>();
  for (const t of ts) byPatient.set(t.alert.patientId, [...(byPatient.get(t.alert.patientId) ?? []), t]);
  const out: string[] = [];
  for (const [patient, pts] of byPatient) {
    const mine = new Map([...revised].filter(([id]) => pts.some((t) => t.alert.id === id)));
    for (const e of episodes(pts, ['data_gap'], mine)) out.push(`${patient} ${e.rule} ${e.severity} ${e.onset} ${e.resolution}`);
  }
  return out.sort();
}

function main() {
  log(`machine: ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const ward = simulateWard({ patients: 20, hours: 24, seed: 'bench' });
  const inOrder: StreamItem[] = [...ward.events].sort((a, b) => toMs(a.time) - toMs(b.time));
  const lastTime = inOrder[inOrder.length - 1].time;
  const { items: lateItems, late } = withLateEvents(ward.events, LATE_SHARE);
  inOrder.push({ type: 'tick', time: (lateItems[lateItems.length - 1] as { time: string }).time > lastTime ? (lateItems[lateItems.length - 1] as { time: string }).time : lastTime });
  const n = ward.events.length;
  log(`ward: ${fmt(n)} events (${fmt(ward.events.filter((e) => e.type !== 'rr').length)} not RR), ${fmt(late)} delivered late (${Math.round((100 * late) / n)}% of all)`);
  replayStream(inOrder);
  replayStream(lateItems); // warm-up
  const a: number[] = [];
  const b: number[] = [];
  let ta: EngineTransition[] = [];
  let tb: EngineTransition[] = [];
  let ra = new Map<string, Alert | null>();
  let rb = new Map<string, Alert | null>();
  const keep = (set: (m: Map<string, Alert | null>) => void) => ({ keepSettledRevisions: true, onEnd: (e: RulesEngine) => set(e.revisedClosedAlerts()) });
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    ta = replayStream(inOrder, keep((m) => (ra = m)));
    a.push(n / ((performance.now() - t) / 1000));
    t = performance.now();
    tb = replayStream(lateItems, keep((m) => (rb = m)));
    b.push(n / ((performance.now() - t) / 1000));
    log(`run ${r + 1}/${RUNS}: in order ${fmt(a[r])} ev/s, 20% late ${fmt(b[r])} ev/s`);
  }
  const ea = wardEpisodes(ta, ra);
  const eb = wardEpisodes(tb, rb);
  const same = ea.length === eb.length && ea.every((x, i) => x === eb[i]);
  const ma = median(a);
  const mb = median(b);
  process.stdout.write(
    `offline replay, simulated ward 20 patients x 24 h (${fmt(n)} events), median of ${RUNS}:\n` +
      `  in effective-time order   ${fmt(ma)} events/s  (${ta.length} transitions)\n` +
      `  ${Math.round(LATE_SHARE * 100)}% of non-RR events late   ${fmt(mb)} events/s  (${tb.length} transitions)  ratio ${(mb / ma).toFixed(2)}\n` +
      `  episodes (patient, rule, severity, effective onset and resolution; DATA_GAP left out): ${ea.length} in order, ${eb.length} late, ${same ? 'identical' : 'DIFFERENT'}\n` +
      (same ? '' : `  only in order: ${ea.filter((x) => !eb.includes(x)).slice(0, 5).join('; ')}\n  only late: ${eb.filter((x) => !ea.includes(x)).slice(0, 5).join('; ')}\n`),
  );
}

main();
