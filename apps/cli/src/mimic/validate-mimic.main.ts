/**
 * `npm run validate:mimic -- DIR [--before GIT_REF]`: replays every MIMIC-III demo stay through the
 * engine of this checkout (and, with --before, through the engine of GIT_REF in the same run), and
 * scores both against reference episodes computed from the charted values by mimic-truth.ts
 * (independently of the engine): sustained hypotension and KDIGO oliguria caught, alarm burden per
 * patient-day per rule, recheck prompts, and alerts that open and close at one instant; then the
 * MEDIUM+ floor from the chart alone (burden-floor.ts) and, per engine, the alerts that no charted
 * episode of their rule explains (unexplained-alerts.ts); then the all-band floor (all-band-floor.ts)
 * next to each engine's alerts per rule.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../repo-root';
import { allBandFloor, dataGapFloor } from './all-band-floor';
import { ruleFloor } from './burden-floor';
import { CHARTED_RULES, FLOOR_RULES, mimicTruth, type MimicTruth, type TruthEpisode } from './mimic-truth';
import { explainAlerts, type Explanation } from './unexplained-alerts';

type Compact = [type: string, at: string, rule: string, severity: string, id: string, message: string];
interface StayRun {
  stay: string;
  first: string;
  last: string;
  transitions: Compact[];
}

interface AlertLife {
  stay: string;
  rule: string;
  openedAt: number;
  resolvedAt: number;
  /** When it first was a confirmed alert (not a LOW recheck prompt), or null if never. */
  confirmedAt: number | null;
  /** When it first reached MEDIUM or HIGH, or null. */
  mediumAt: number | null;
}

const HOUR = 3_600_000;
const isPrompt = (message: string) => message.startsWith('Recheck');

function lives(run: StayRun): AlertLife[] {
  const byId = new Map<string, AlertLife>();
  for (const [type, atIso, rule, severity, id, message] of run.transitions) {
    const at = Date.parse(atIso);
    let a = byId.get(id);
    if (!a) byId.set(id, (a = { stay: run.stay, rule, openedAt: at, resolvedAt: Infinity, confirmedAt: null, mediumAt: null }));
    if (type === 'resolved') a.resolvedAt = Math.min(a.resolvedAt, at);
    else {
      if (a.confirmedAt === null && !isPrompt(message)) a.confirmedAt = at;
      if (a.mediumAt === null && severity !== 'low') a.mediumAt = at;
    }
  }
  return [...byId.values()];
}

export interface EngineScore {
  stays: number;
  patientDays: number;
  hypotension: { episodes: number; caught: number; anyGapEpisodes: number; anyGapCaught: number };
  oliguria: { episodes: number; caught: number };
  perRule: Array<{ rule: string; alerts: number; medium: number; prompts: number }>;
  alerts: number;
  mediumPlus: number;
  prompts: number;
  sameInstant: number;
  /** Per rule with a charted truth: confirmed alerts, and alerts that reached MEDIUM+, against its any-band episodes. */
  explained: Map<string, Explanation>;
  explainedMedium: Map<string, Explanation>;
}

/** A hypotension episode is caught when a MEDIUM/HIGH hypotension alert is open at its 2nd low reading. */
function caughtHypotension(e: TruthEpisode, alerts: AlertLife[]): boolean {
  return alerts.some((a) => a.rule === 'hypotension' && a.mediumAt !== null && a.mediumAt <= e.confirmedAt && a.resolvedAt >= e.confirmedAt);
}

/** An oliguria episode is caught when an OLIGURIA alert (any band) is open during it or within 1 h of its start. */
function caughtOliguria(e: TruthEpisode, alerts: AlertLife[]): boolean {
  return alerts.some((a) => a.rule === 'oliguria' && a.confirmedAt !== null && a.openedAt <= Math.max(e.end, e.start + HOUR) && a.resolvedAt >= e.start);
}

export function score(runs: StayRun[], truth: MimicTruth): EngineScore {
  const byStay = new Map(runs.map((r) => [r.stay, lives(r)]));
  let days = 0;
  const per = new Map<string, { alerts: number; medium: number; prompts: number }>();
  let sameInstant = 0;
  for (const r of runs) {
    days += (Date.parse(r.last) - Date.parse(r.first)) / (24 * HOUR);
    for (const a of byStay.get(r.stay) ?? []) {
      const p = per.get(a.rule) ?? { alerts: 0, medium: 0, prompts: 0 };
      per.set(a.rule, p);
      if (a.confirmedAt === null) p.prompts++;
      else p.alerts++;
      if (a.mediumAt !== null) p.medium++;
      if (a.resolvedAt === a.openedAt) sameInstant++;
    }
  }
  const count = (eps: TruthEpisode[], f: (e: TruthEpisode, a: AlertLife[]) => boolean) => eps.filter((e) => f(e, byStay.get(e.stay) ?? [])).length;
  // Only stays the importer produced (a stay with no charted data has no stream).
  const inRuns = (eps: TruthEpisode[]) => eps.filter((e) => byStay.has(e.stay));
  const hyp = inRuns(truth.hypotension);
  const hypAny = inRuns(truth.hypotensionAnyGap);
  const oli = inRuns(truth.oliguria);
  const perRule = [...per].map(([rule, p]) => ({ rule, ...p })).sort((a, b) => (a.rule < b.rule ? -1 : 1));
  const all = [...byStay.values()].flat();
  const anyBand = Object.fromEntries(CHARTED_RULES.map((rule) => [rule, inRuns(truth.rules[rule].anyBand ?? [])]));
  return {
    stays: runs.length,
    patientDays: days,
    hypotension: { episodes: hyp.length, caught: count(hyp, caughtHypotension), anyGapEpisodes: hypAny.length, anyGapCaught: count(hypAny, caughtHypotension) },
    oliguria: { episodes: oli.length, caught: count(oli, caughtOliguria) },
    perRule,
    alerts: perRule.reduce((s, p) => s + p.alerts, 0),
    mediumPlus: perRule.reduce((s, p) => s + p.medium, 0),
    prompts: perRule.reduce((s, p) => s + p.prompts, 0),
    sameInstant,
    explained: explainAlerts(all.filter((a) => a.confirmedAt !== null), anyBand),
    explainedMedium: explainAlerts(all.filter((a) => a.mediumAt !== null), anyBand),
  };
}

function runEngine(tree: string, mimicDir: string): StayRun[] {
  const res = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/mimic/replay-stays.runner.ts', mimicDir], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`replay in ${tree} failed: ${res.stderr.slice(-2000)}`);
  return res.stdout.trim().split('\n').map((l) => JSON.parse(l) as StayRun);
}

/** A checkout of `ref` in a temporary directory sharing this checkout's node_modules, with the runner copied in. */
function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-before-'));
  execFileSync('sh', ['-c', `git -C "${repoRoot}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  copyFileSync(join(repoRoot, 'apps/cli/src/mimic/replay-stays.runner.ts'), join(dir, 'apps/cli/src/mimic/replay-stays.runner.ts'));
  return dir;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const pd = (n: number, days: number) => (n / days).toFixed(2);

export function markdown(scores: Array<[string, EngineScore]>): string {
  const d = scores[0][1];
  const lines = [
    `Stays: ${d.stays} (${d.patientDays.toFixed(1)} patient-days). Truth from the charted values (mimic-truth.ts): ${d.hypotension.episodes} sustained-hypotension episodes, ${d.oliguria.episodes} KDIGO oliguria episodes.`,
    '',
    `| engine | sustained hypotension caught (≤ 4 h between readings) | any gap | KDIGO oliguria caught | alerts / patient-day (all rules) | MEDIUM+ / patient-day | recheck prompts / patient-day | alerts opened and closed at one instant |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...scores.map(
      ([name, s]) =>
        `| ${name} | ${s.hypotension.caught} of ${s.hypotension.episodes} (${pct(s.hypotension.caught, s.hypotension.episodes)}) | ${s.hypotension.anyGapCaught} of ${s.hypotension.anyGapEpisodes} (${pct(s.hypotension.anyGapCaught, s.hypotension.anyGapEpisodes)}) | ${s.oliguria.caught} of ${s.oliguria.episodes} (${pct(s.oliguria.caught, s.oliguria.episodes)}) | ${pd(s.alerts, s.patientDays)} | ${pd(s.mediumPlus, s.patientDays)} | ${pd(s.prompts, s.patientDays)} | ${s.sameInstant} |`,
    ),
    '',
    `| rule | ${scores.map(([n]) => `${n}: alerts (MEDIUM+) / patient-day`).join(' | ')} | ${scores.map(([n]) => `${n}: prompts / patient-day`).join(' | ')} |`,
    `|---|${scores.map(() => '---:').join('|')}|${scores.map(() => '---:').join('|')}|`,
  ];
  const rules = [...new Set(scores.flatMap(([, s]) => s.perRule.map((p) => p.rule)))].sort();
  for (const rule of rules) {
    const cells = scores.map(([, s]) => {
      const p = s.perRule.find((x) => x.rule === rule);
      return p ? `${pd(p.alerts, s.patientDays)} (${pd(p.medium, s.patientDays)})` : '0.00 (0.00)';
    });
    const prompts = scores.map(([, s]) => pd(s.perRule.find((x) => x.rule === rule)?.prompts ?? 0, s.patientDays));
    lines.push(`| ${rule} | ${cells.join(' | ')} | ${prompts.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** The charted MEDIUM+ definition of each rule (mimic-truth.ts), and the share of its episodes the floor must cover. */
const FLOOR: Record<(typeof FLOOR_RULES)[number], { definition: string; fraction: number }> = {
  hypotension: { definition: 'MAP < 65 on 2 consecutive readings (the issue asks ≥ 95%); resolve: MAP ≥ 65 and SBP ≥ 90 on 2 charts ≥ 15 min apart', fraction: 0.95 },
  fever: { definition: '≥ 38.0 °C on 2 readings, no dose (§6.10 MEDIUM); resolve: < 38.0 °C for 4 h', fraction: 1 },
  hypoxia: { definition: 'SpO2 < 90% on 2 readings (§6.9 H1 MEDIUM); resolve: > 90% for 10 min', fraction: 1 },
  af_rhythm: { definition: 'AF, flutter or SVT on 2 rhythm charts (§6.2 HIGH); resolve: sinus for 30 min, new onset ≥ 60 min later', fraction: 1 },
  tachycardia: { definition: 'HR > 130 on 2 readings (§6.8 HIGH); resolve: HR < 100 for 15 min', fraction: 1 },
  creatinine: { definition: 'a result ≥ 2.5 mg/dL in the stay (§6.5 R1/A1/K3); no resolve claimed (one per stay)', fraction: 1 },
};

/** The floor (chart alone), then per engine the alerts no charted episode of their rule explains. */
export function burdenMarkdown(scores: Array<[string, EngineScore]>, truth: MimicTruth, stays: ReadonlySet<string>): string {
  const days = scores[scores.length - 1][1].patientDays;
  const floors = FLOOR_RULES.map((rule) => [rule, ruleFloor(truth.rules[rule], stays, FLOOR[rule].fraction)] as const);
  const floorTotal = floors.reduce((s, [, f]) => s + f.alerts, 0);
  const hypo = floors.findIndex(([rule]) => rule === 'hypotension');
  const allHypo = ruleFloor({ ...truth.rules.hypotension, mediumPlus: truth.rules.hypotension.anyBand ?? [] }, stays);
  const lines = [
    `MEDIUM+ floor from the chart alone (burden-floor.ts; no engine): the fewest MEDIUM/HIGH alerts any engine obeying the documented rules must raise, ${days.toFixed(1)} patient-days.`,
    '',
    '| rule | charted MEDIUM+ episode | episodes | groups (a charted resolve between) | alerts needed | floor / patient-day |',
    '|---|---|---:|---:|---:|---:|',
    ...floors.map(([rule, f]) => `| ${rule} | ${FLOOR[rule].definition} | ${f.episodes} | ${f.groups} | ${f.alerts}${f.fraction < 1 ? ` (${Math.round(100 * f.fraction)}%; all: ${f.groups})` : ''} | ${pd(f.alerts, days)} |`),
    `| **total** | | ${floors.reduce((s, [, f]) => s + f.episodes, 0)} | ${floors.reduce((s, [, f]) => s + f.groups, 0)} | ${floorTotal} | **${pd(floorTotal, days)}** |`,
    '',
    `Read strictly, §6.1 wants a MEDIUM alert for every C1/C2 episode (MAP < 65 or SBP < 90 on 2 readings, SBP < 70 alone): ${allHypo.episodes} episodes in ${allHypo.groups} groups, floor ${pd(allHypo.alerts, days)} for hypotension and ${pd(floorTotal - floors[hypo][1].alerts + allHypo.alerts, days)} in total.`,
    '',
  ];
  for (const [name, s] of scores) {
    lines.push(
      `Alerts against the chart truth, ${name}: an alert is unexplained when no charted episode of its rule (any band) lies in its open interval.`,
      '',
      '| rule | alerts / patient-day | unexplained / patient-day | charted episodes (any band) | alerts per episode | MEDIUM+ / patient-day | unexplained MEDIUM+ / patient-day |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    const sum = { alerts: 0, unexplained: 0, episodes: 0, medium: 0, unexplainedMedium: 0 };
    for (const rule of [...new Set([...s.perRule.map((p) => p.rule), ...CHARTED_RULES])].sort()) {
      const x = s.explained.get(rule);
      const m = s.explainedMedium.get(rule);
      const p = s.perRule.find((r) => r.rule === rule);
      if (!x || !m) {
        lines.push(`| ${rule} | ${pd(p?.alerts ?? 0, s.patientDays)} | no chart truth | — | — | ${pd(p?.medium ?? 0, s.patientDays)} | no chart truth |`);
        continue;
      }
      sum.alerts += x.alerts;
      sum.unexplained += x.unexplained;
      sum.episodes += x.episodes;
      sum.medium += m.alerts;
      sum.unexplainedMedium += m.unexplained;
      lines.push(`| ${rule} | ${pd(x.alerts, s.patientDays)} | ${pd(x.unexplained, s.patientDays)} | ${x.episodes} | ${x.episodes ? (x.alerts / x.episodes).toFixed(2) : '—'} | ${pd(m.alerts, s.patientDays)} | ${pd(m.unexplained, s.patientDays)} |`);
    }
    lines.push(
      `| **rules with a chart truth** | ${pd(sum.alerts, s.patientDays)} | **${pd(sum.unexplained, s.patientDays)}** | ${sum.episodes} | ${sum.episodes ? (sum.alerts / sum.episodes).toFixed(2) : '—'} | ${pd(sum.medium, s.patientDays)} | **${pd(sum.unexplainedMedium, s.patientDays)}** |`,
      `| **all rules** | ${pd(s.alerts, s.patientDays)} | | | | ${pd(s.mediumPlus, s.patientDays)} | |`,
      '',
    );
  }
  return lines.join('\n');
}

/** The charted any-band definition behind each rule's all-band floor (mimic-truth.ts, data-gap-floor.ts). */
const ALL_BAND: Record<string, string> = {
  af_rhythm: 'AF, flutter or SVT on 2 rhythm charts (HIGH)',
  creatinine: 'a result ≥ 2.5 mg/dL, or a rise ≥ 0.3 mg/dL within 48 h (K1 LOW); one per stay (no resolve claimed)',
  data_gap: 'urine charted > 3 h apart, vitals > 4 h, once started (to the ICU out-time); one alert per patient, open until the input came twice on cadence',
  fever: '≥ 38.0 °C on 2 readings (MEDIUM, no dose)',
  hypotension: '95%: MAP < 65 on 2 readings; strictly: C1/C2 (also SBP < 90 on 2, SBP < 70 alone)',
  hypoxia: 'SpO2 < 90% on 2 readings (H1 MEDIUM)',
  oliguria: 'KDIGO < 0.5 mL/kg/h over 6 h (70 kg); resolve §6.4 read strictly',
  tachycardia: 'HR ≥ 100 on 2 readings (R LOW, > 130 HIGH)',
};

/** The all-band floor (chart alone), per rule, next to each engine's confirmed alerts and the slack above the floor. */
export function allBandMarkdown(scores: Array<[string, EngineScore]>, truth: MimicTruth, stays: ReadonlySet<string>): string {
  const days = scores[scores.length - 1][1].patientDays;
  const rows = allBandFloor(truth, stays);
  const engine = (s: EngineScore, rule: string) => s.perRule.find((p) => p.rule === rule)?.alerts ?? 0;
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  const [gapOn, gapHy] = [dataGapFloor(truth, stays, 'arrival'), dataGapFloor(truth, stays, 'hysteresis')];
  const lines = [
    `All-band floor from the chart alone (all-band-floor.ts; no engine): the fewest alerts of any band any engine obeying the documented rules must raise, ${days.toFixed(1)} patient-days; engines' confirmed alerts (recheck prompts not counted) and their slack above the 95% floor.`,
    '',
    `| rule | charted episode (any band) | episodes | groups | floor at 95% | floor / patient-day (95%) | read strictly / patient-day | ${scores.map(([n]) => `${n}: alerts / patient-day | slack`).join(' | ')} |`,
    `|---|---|---:|---:|---:|---:|---:|${scores.map(() => '---:|---:').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${r.rule} | ${ALL_BAND[r.rule]} | ${r.strict.episodes} | ${r.strict.groups} | ${r.at95.alerts} | ${pd(r.at95.alerts, days)} | ${pd(r.strict.alerts, days)} | ${scores.map(([, s]) => `${pd(engine(s, r.rule), s.patientDays)} | ${pd(engine(s, r.rule) - r.at95.alerts, days)}`).join(' | ')} |`,
    ),
    `| **total** | | ${sum((r) => r.strict.episodes)} | ${sum((r) => r.strict.groups)} | ${sum((r) => r.at95.alerts)} | **${pd(sum((r) => r.at95.alerts), days)}** | **${pd(sum((r) => r.strict.alerts), days)}** | ${scores.map(([, s]) => `${pd(s.alerts, s.patientDays)} | ${pd(s.alerts - sum((r) => r.at95.alerts), days)}`).join(' | ')} |`,
    '',
    `DATA_GAP (episodes: gaps; groups: alerts), under the two resolve models: ${gapOn.alerts} alerts (${pd(gapOn.alerts, days)} / patient-day) closed when the data arrives (main's rule), ${gapHy.alerts} (${pd(gapHy.alerts, days)}) with §6.0 hysteresis, the lower, in the table.`,
    '',
  ];
  return lines.join('\n');
}

function main(argv: string[]): number {
  const dir = argv[0] ? resolve(argv[0]) : '';
  const before = argv.indexOf('--before') >= 0 ? argv[argv.indexOf('--before') + 1] : undefined;
  if (!dir || !existsSync(join(dir, 'vitals_chartevents.csv'))) {
    process.stderr.write('usage: npm run validate:mimic -- DIR [--before GIT_REF]\n  DIR: the MIMIC-III demo extract (npm run data:fetch -- mimic3-demo gives data/mimic3-demo)\n');
    return 2;
  }
  process.stderr.write('validate-mimic: computing the truth from the charted values …\n');
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
  const truth = mimicTruth({ vitals: read('vitals_chartevents.csv') ?? '', outputs: read('outputevents.csv') ?? '', labs: read('labevents.csv'), icustays: read('icustays.csv') });
  const scores: Array<[string, EngineScore]> = [];
  if (before) {
    process.stderr.write(`validate-mimic: replaying with the engine of ${before} …\n`);
    const tree = checkout(before);
    try {
      scores.push([`before (${before})`, score(runEngine(tree, dir), truth)]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }
  process.stderr.write('validate-mimic: replaying with this checkout …\n');
  const lastRuns = runEngine(repoRoot, dir);
  scores.push(['after (this checkout)', score(lastRuns, truth)]);
  const stays = new Set(lastRuns.map((r) => r.stay));
  process.stdout.write(markdown(scores) + '\n' + burdenMarkdown(scores, truth, stays) + '\n' + allBandMarkdown(scores, truth, stays));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
