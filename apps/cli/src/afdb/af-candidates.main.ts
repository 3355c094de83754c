/**
 * Issue 18's candidates side by side on the same windows (docs/VALIDATION.md):
 *   node -r @swc-node/register apps/cli/src/afdb/af-candidates.main.ts [mitdbDir] [afdbDir]
 * Prints one row per candidate: MITDB (development) and AFDB (held out) window Se/Sp, AF episodes ≥ 30 s
 * detected, and false alarms per non-AF hour, all scored by af-validation.
 */
import { ECTOPY_V3 as ECTOPY, ECTOPY_REFERENCE_ONLY, ECTOPY_ROBUST, type DashWindow, type EctopyParams } from '@vigil/rules';
import { listRecords, readRecord, type AfRecord } from './afdb-record';
import { listWfdbRecords, readWfdbRecord } from './mitdb-record';
import { scoreRecord, totals, type Totals } from './af-validation';
import { baseWindows, cosenSeries, petrenasSeries, spanIndices, windowMean } from './af-candidates';

const [mitDir = 'data/mitdb-arrhythmia', afDir = 'data/afdb-mitbih-af'] = process.argv.slice(2);
const only = process.env.CANDIDATES ? new RegExp(process.env.CANDIDATES) : null;

interface Db {
  name: string;
  records: AfRecord[];
  cosen: Float64Array[][]; // [record] -> [prefix, valid]
  petrenas: Map<number, Float64Array[]>; // eta -> per record prefix
  base: Map<string, DashWindow[][]>;
}

function load(name: string, records: AfRecord[]): Db {
  const cosen = records.map((r) => {
    const c = cosenSeries(r.rrMs);
    const p = new Float64Array(c.length + 1);
    const v = new Float64Array(c.length + 1);
    for (let i = 0; i < c.length; i++) {
      const ok = c[i] === c[i];
      p[i + 1] = p[i] + (ok ? c[i] : 0);
      v[i + 1] = v[i] + (ok ? 1 : 0);
    }
    return [p, v];
  });
  return { name, records, cosen, petrenas: new Map(), base: new Map() };
}

function petrenasPrefix(db: Db, eta: number): Float64Array[] {
  let got = db.petrenas.get(eta);
  if (!got) {
    got = db.records.map((r) => {
      const f = petrenasSeries(r.rrMs, eta);
      const p = new Float64Array(f.length + 1);
      for (let i = 0; i < f.length; i++) p[i + 1] = p[i] + f[i];
      return p;
    });
    db.petrenas.set(eta, got);
  }
  return got;
}

function base(db: Db, key: string, detector: 'dash' | 'ectopy', ectopy: EctopyParams): DashWindow[][] {
  let got = db.base.get(key);
  if (!got) {
    got = db.records.map((r) => baseWindows(r, detector, ectopy));
    db.base.set(key, got);
  }
  return got;
}

/** A candidate: base windows, then a per-window verdict (given the record index and the window's beat span). */
interface Candidate {
  name: string;
  detector: 'dash' | 'ectopy';
  ectopy?: Partial<EctopyParams>;
  sustain?: number;
  /** Consecutive non-AF windows that resolve the alarm (4 unless said). */
  resolve?: number;
  verdict?: (db: Db, rec: number, w: DashWindow, from: number, to: number) => boolean;
}

function run(db: Db, c: Candidate, keep: (name: string) => boolean = () => true): Totals {
  // Constants: issue 18's first classifier (no pattern test) unless the candidate says otherwise.
  const e = { ...ECTOPY_REFERENCE_ONLY, ...c.ectopy };
  const key = `${c.detector}:${JSON.stringify(e)}`;
  const wins = base(db, key, c.detector, e);
  const results = db.records.flatMap((rec, i) => {
    if (!keep(rec.name)) return [];
    const windows = c.verdict
      ? wins[i].map((w) => {
          const [from, to] = spanIndices(rec, w.startMs, w.endMs);
          return { ...w, af: c.verdict!(db, i, w, from, to) };
        })
      : wins[i];
    return [scoreRecord(rec, { windows, sustainWindows: c.sustain ?? 2, resolveWindows: c.resolve ?? 4 })];
  });
  return totals(results);
}

const pct = (v: number) => (100 * v).toFixed(1);
const cosenOver = (th: number) => (db: Db, i: number, _w: DashWindow, from: number, to: number) => windowMean(db.cosen[i][0], db.cosen[i][1], from, to) > th;
const petrenasOver = (eta: number) => (db: Db, i: number, _w: DashWindow, from: number, to: number) => windowMean(petrenasPrefix(db, eta)[i], null, from, to) >= 0.5;

/** The second sitting's choice (AF_RR before the TPR relief). Candidates resolve after 4 windows, as AF_RR then did, unless said. */
const chosen: Partial<EctopyParams> = { ...ECTOPY, tprRelief: 0 };
const candidates: Candidate[] = [
  { name: 'Dash alone (before issue 18)', detector: 'dash' },
  { name: 'ectopic beats vs a regular reference (AF_RR before this change)', detector: 'ectopy' },
  { name: '+ bigeminy/trigeminy/couplet patterns (tolerance 0.1)', detector: 'ectopy', ectopy: { patternTolerance: 0.1 } },
  { name: '**+ patterns 0.25, prematurity 0.10, gate 0.15 (chosen on MITDB)**', detector: 'ectopy', ectopy: chosen },
  { name: '**+ TPR relief 1, resolve 24 (AF_RR now, third sitting)**', detector: 'ectopy', ectopy: ECTOPY, resolve: 24 },
];
for (const th of [-1.8, -1.6, -1.4, -1.2]) candidates.push({ name: `COSEn alone, window mean > ${th}`, detector: 'dash', verdict: (db, i, w, f, t) => cosenOver(th)(db, i, w, f, t) });
for (const th of [-1.6, -1.4]) candidates.push({ name: `AF_RR before ∧ COSEn > ${th}`, detector: 'ectopy', verdict: (db, i, w, f, t) => w.af && cosenOver(th)(db, i, w, f, t) });
for (const eta of [0.5, 0.7, 0.9]) candidates.push({ name: `Petrėnas alone (causal), η ${eta}`, detector: 'dash', verdict: (db, i, w, f, t) => petrenasOver(eta)(db, i, w, f, t) });
for (const eta of [0.5, 0.7]) candidates.push({ name: `AF_RR before ∧ Petrėnas η ${eta}`, detector: 'ectopy', verdict: (db, i, w, f, t) => w.af && petrenasOver(eta)(db, i, w, f, t) });
for (const th of [-1.6, -1.4]) candidates.push({ name: `chosen ∧ COSEn > ${th} (fusion)`, detector: 'ectopy', ectopy: chosen, verdict: (db, i, w, f, t) => w.af && cosenOver(th)(db, i, w, f, t) });
candidates.push({ name: `chosen ∧ Petrėnas η 0.5 (fusion)`, detector: 'ectopy', ectopy: chosen, verdict: (db, i, w, f, t) => w.af && petrenasOver(0.5)(db, i, w, f, t) });
for (const s of [3, 4, 6]) candidates.push({ name: `AF_RR before, sustain ${s} (persistence)`, detector: 'ectopy', sustain: s });
for (const s of [3, 4, 6]) candidates.push({ name: `chosen, sustain ${s} (persistence)`, detector: 'ectopy', ectopy: chosen, sustain: s });

// SWEEP=1 (with CANDIDATES=sweep): the classifier's constants, from which the operating point was chosen on MITDB.
if (process.env.SWEEP)
  for (const patternTolerance of [0, 0.15, 0.25, 0.3])
    for (const bigeminyPeriods of [3])
      for (const prematurity of [0.1, 0.12, 0.15])
        for (const maxSpread of [0.1, 0.15, 0.2])
          candidates.push({ name: `sweep: patterns ${patternTolerance}, ${bigeminyPeriods} periods, prematurity ${prematurity}, gate ${maxSpread}`, detector: 'ectopy', ectopy: { patternTolerance, bigeminyPeriods, prematurity, maxSpread } });

// SWEEP=regular (with CANDIDATES=regular): test 2 made conditional on a regular pattern (coupling interval and ratio stable).
if (process.env.SWEEP === 'regular')
  for (const patternTolerance of [0.25, 0.3])
    for (const couplingTolerance of [0.08, 0.12, 0.16, 0])
      for (const ratioTolerance of [0, 0.04, 0.06, 0.1])
        candidates.push({ name: `regular: patterns ${patternTolerance}, coupling ${couplingTolerance || patternTolerance}, ratio ${ratioTolerance || 'off'}`, detector: 'ectopy', ectopy: { ...chosen, patternTolerance, couplingTolerance, ratioTolerance } });

// SWEEP=paths (with CANDIDATES=paths): the TPR floor after ectopic removal, a fast-AF path, one-window raise.
if (process.env.SWEEP === 'paths') {
  const meanRr = (db: Db, i: number, from: number, to: number) => {
    const rr = db.records[i].rrMs;
    let s = 0;
    for (let k = from; k < to; k++) s += rr[k];
    return s / Math.max(1, to - from);
  };
  for (const low of [0.5, 0.46, 0.42])
    candidates.push({ name: `paths: chosen, TPR floor ${low}`, detector: 'ectopy', ectopy: chosen, verdict: (_db, _i, w) => w.nrmssd > 0.1 && w.shannon > 0.7 && w.tpr > low && w.tpr < 0.77 });
  for (const fastRr of [545, 600])
    for (const th of [0.05, 0.07, 0.085])
      candidates.push({
        name: `paths: chosen + fast path (mean RR < ${fastRr} ms: nRMSSD > ${th})`,
        detector: 'ectopy',
        ectopy: chosen,
        verdict: (db, i, w, f, t) => w.af || (w.nrmssd > th && w.shannon > 0.7 && w.tpr > 0.54 && w.tpr < 0.77 && meanRr(db, i, f, t) < fastRr),
      });
  candidates.push({ name: `paths: chosen, sustain 1`, detector: 'ectopy', ectopy: chosen, sustain: 1 });
}

// SWEEP=relief (with CANDIDATES=relief): Dash's TPR floor lowered by tprRelief × the share of the window's
// intervals dropped as ectopic (removing premature beats, the local minima, removes turning points).
if (process.env.SWEEP === 'relief')
  for (const tprRelief of [0.5, 1, 1.5, 2, 3])
    for (const sustain of [2, 3]) candidates.push({ name: `relief: chosen, tprRelief ${tprRelief}, sustain ${sustain}`, detector: 'ectopy', ectopy: { ...chosen, tprRelief }, sustain });

// SWEEP=resolve (with CANDIDATES=resolve): resolving slower than raising (hysteresis), with and without the TPR relief.
if (process.env.SWEEP === 'resolve')
  for (const tprRelief of [0, 0.5, 1])
    for (const resolve of [6, 8, 12, 16, 24]) candidates.push({ name: `resolve: chosen, tprRelief ${tprRelief}, sustain 2, resolve ${resolve}`, detector: 'ectopy', ectopy: { ...chosen, tprRelief }, resolve });

// SWEEP=robust (fourth sitting; SPLIT=1 prints MITDB, AFDB's even records (tune), odd records (report) and all):
// the robust-irregularity gate, COSEn and Petrėnas fused with the third sitting's AF_RR, persistence. GRID=1 adds the gate's grid.
if (process.env.SWEEP === 'robust') {
  const now = { detector: 'ectopy' as const, ectopy: ECTOPY, resolve: 24 };
  candidates.push({ name: 'fourth: AF_RR of the third sitting (TPR relief 1, resolve 24)', ...now });
  candidates.push({ name: 'fourth: AF_RR now = third sitting ∧ COSEn > -1.6, streaming (CosenTracker in libs/rules)', ...now, ectopy: { ...ECTOPY, cosenGate: 1 } });
  for (const th of [-1.6, -1.4, -1.2]) candidates.push({ name: `fourth: third sitting ∧ COSEn > ${th}`, ...now, verdict: (db, i, w, f, t) => w.af && cosenOver(th)(db, i, w, f, t) });
  for (const eta of [0.5, 0.7]) candidates.push({ name: `fourth: third sitting ∧ Petrėnas η ${eta}`, ...now, verdict: (db, i, w, f, t) => w.af && petrenasOver(eta)(db, i, w, f, t) });
  for (const mfNrmssdMin of [0.06, 0.07]) candidates.push({ name: `fourth: third sitting, median-filtered nRMSSD > ${mfNrmssdMin}`, ...now, ectopy: { ...ECTOPY, mfNrmssdMin } });
  for (const sustain of [3, 4]) candidates.push({ name: `fourth: third sitting, sustain ${sustain} (persistence)`, ...now, sustain });
  for (const smallDeltasMax of [0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
    candidates.push({ name: `fourth curve: small deltas <= ${smallDeltasMax} when nRMSSD < 0.2, TPR relief 2, resolve 32`, detector: 'ectopy', ectopy: { ...ECTOPY, smallDeltasMax, smallDeltasBelowNrmssd: 0.2, tprRelief: 2 }, resolve: 32 });
  candidates.push({ name: `fourth curve: no gate, TPR relief 2, resolve 32`, detector: 'ectopy', ectopy: { ...ECTOPY, tprRelief: 2 }, resolve: 32 });
  for (const sustain of [1, 3, 4]) candidates.push({ name: `fourth: robust (0.3), sustain ${sustain}`, detector: 'ectopy', ectopy: ECTOPY_ROBUST, sustain, resolve: 32 });
  if (process.env.GRID)
    for (const smallDeltasMax of [0.3, 0.35, 0.4])
      for (const smallDeltasBelowNrmssd of [0, 0.2])
        for (const tprRelief of [1, 2])
          for (const resolve of [24, 32])
            candidates.push({
              name: `grid: small deltas <= ${smallDeltasMax}${smallDeltasBelowNrmssd ? ` when nRMSSD < ${smallDeltasBelowNrmssd}` : ''}, TPR relief ${tprRelief}, resolve ${resolve}`,
              detector: 'ectopy',
              ectopy: { ...ECTOPY, smallDeltasMax, smallDeltasBelowNrmssd, tprRelief },
              resolve,
            });
}

const t0 = Date.now();
const mit = load('MITDB', listWfdbRecords(mitDir).map((n) => readWfdbRecord(mitDir, n)));
process.stderr.write(`MITDB loaded (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
const af = load('AFDB', listRecords(afDir).map((n) => readRecord(afDir, n)));
process.stderr.write(`AFDB loaded (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

const split = process.env.SPLIT === '1';
const even = (n: string) => /[02468]$/.test(n);
const cell = (a: Totals) => `${pct(a.sensitivity)} / ${pct(a.specificity)} | ${a.detected}/${a.episodes} (${pct(a.episodeSensitivity)}%) | ${a.falseAlarms} (${a.falseAlarmsPerHour.toFixed(2)})`;
const delay = (a: Totals) => (a.medianDelayS === null ? '–' : a.medianDelayS.toFixed(0));
if (split) {
  console.log('| candidate | MITDB Se / Sp | MITDB episodes | MITDB FA (/h) | AFDB-even (tune) Se / Sp | episodes | FA (/h) | AFDB-odd (report) Se / Sp | episodes | FA (/h) | AFDB all Se / Sp | episodes | FA (/h) | median delay MITDB / AFDB (s) |');
  console.log('|---|---|---|---:|---|---|---:|---|---|---:|---|---|---:|---|');
} else {
  console.log('| candidate | MITDB Se / Sp | MITDB episodes | MITDB FA/h | AFDB Se / Sp | AFDB episodes | AFDB FA/h |');
  console.log('|---|---|---|---:|---|---|---:|');
}
for (const c of candidates) {
  if (only && !only.test(c.name)) continue;
  const m = run(mit, c);
  const a = run(af, c);
  if (split) {
    console.log(`| ${c.name} | ${pct(m.sensitivity)} / ${pct(m.specificity)} | ${m.detected}/${m.episodes} | ${m.falseAlarms} (${m.falseAlarmsPerHour.toFixed(2)}) | ${cell(run(af, c, even))} | ${cell(run(af, c, (n) => !even(n)))} | ${cell(a)} | ${delay(m)} / ${delay(a)} |`);
    process.stderr.write(`  ${c.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    continue;
  }
  console.log(
    `| ${c.name} | ${pct(m.sensitivity)} / ${pct(m.specificity)} | ${m.detected}/${m.episodes} | ${m.falseAlarmsPerHour.toFixed(2)} | ${pct(a.sensitivity)} / ${pct(a.specificity)} | ${a.detected}/${a.episodes} (${pct(a.episodeSensitivity)}%) | ${a.falseAlarmsPerHour.toFixed(2)} |`,
  );
  process.stderr.write(`  ${c.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
