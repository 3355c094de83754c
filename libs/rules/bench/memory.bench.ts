/**
 * bench:memory — the rules engine's memory with a hospital of monitored patients (default 2,000) at
 * 1 Hz vitals plus 1-min RR batches, measured after a full GC every `--every` simulated minutes, for
 * this checkout and (with --before REF, default a58ec2f: before issue 20's compact history) for an
 * older engine in the same run. Each engine runs in its own process (memory.runner.ts).
 * Reports heap and RSS over time, the heap per held reading, and the steady state extrapolated to
 * the full late-data horizon (6 h of 1 Hz readings per patient) when the run is shorter than it.
 * With --cadence charted: a charted ward (vitals every 1–4 h, urine hourly, creatinine daily) over
 * --minutes (e.g. 11520: the 8-day stay urine and labs are kept for), reported as measured bytes per patient.
 * Usage: npm run bench:memory -- [--patients 2000] [--minutes 30] [--every 10] [--before REF|--no-before] [--cadence monitored|charted]
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.indexOf(`--${name}`) >= 0 ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const patients = Number(opt('patients', '2000'));
const minutes = Number(opt('minutes', '30'));
const every = Number(opt('every', '10'));
const before = argv.includes('--no-before') ? null : opt('before', 'a58ec2f');
const cadence = opt('cadence', 'monitored');
if (cadence !== 'monitored' && cadence !== 'charted') throw new Error(`--cadence: monitored or charted, not ${cadence}`);
const HORIZON_MIN = 6 * 60;

interface Sample {
  minute: number;
  events: number;
  heapUsed: number;
  rss: number;
  arrayBuffers: number;
  peakRss?: number;
  elapsedMs?: number;
}

function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-memory-before-'));
  execFileSync('sh', ['-c', `git -C "${repoRoot}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  copyFileSync(join(repoRoot, 'libs/rules/bench/memory.runner.ts'), join(dir, 'libs/rules/bench/memory.runner.ts'));
  return dir;
}

function run(label: string, tree: string): Promise<Sample[]> {
  return new Promise((resolvePromise, reject) => {
    process.stderr.write(`bench:memory: ${label}: ${patients} ${cadence} patients, ${minutes} simulated min …\n`);
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=12288', '-r', '@swc-node/register', 'libs/rules/bench/memory.runner.ts', '--patients', String(patients), '--minutes', String(minutes), '--every', String(every), '--cadence', cadence], { cwd: tree, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const lines = out.split('\n');
      for (const l of lines.slice(0, -1)) {
        const s = JSON.parse(l) as Sample;
        process.stderr.write(`  ${label}: minute ${s.minute}: heap ${mib(s.heapUsed)} MiB, arrayBuffers ${mib(s.arrayBuffers)} MiB, rss ${mib(s.rss)} MiB\n`);
      }
      out = lines[lines.length - 1];
    });
    const samples: Sample[] = [];
    let all = '';
    child.stdout.on('data', (c: Buffer) => (all += c.toString('utf8')));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${label}: the runner exited with ${code}`));
      for (const l of all.trim().split('\n')) samples.push(JSON.parse(l) as Sample);
      resolvePromise(samples);
    });
  });
}

const mib = (b: number) => (b / 2 ** 20).toFixed(0);

/** Charted cadence: what each patient costs, measured (growth from the start, after a full GC). */
const charted: { events: number; growth: number; perPatient: number; rssPerPatient: number; peakRss: number }[] = [];
function summarizeCharted(samples: Sample[]) {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const growth = last.heapUsed + last.arrayBuffers - first.heapUsed - first.arrayBuffers;
  charted.push({ events: last.events, growth, perPatient: growth / patients, rssPerPatient: (last.rss - first.rss) / patients, peakRss: last.peakRss ?? last.rss });
}

function summarize(label: string, samples: Sample[]) {
  if (cadence === 'charted') summarizeCharted(samples);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const total = (s: Sample) => s.heapUsed + s.arrayBuffers;
  // Readings held: every 1 Hz vitals reading within the horizon (RR batches are not kept for replay).
  const heldAt = (s: Sample) => patients * Math.min(s.minute, HORIZON_MIN) * 60;
  const heldAtHorizon = patients * HORIZON_MIN * 60;
  // Marginal cost of a held reading: the slope after the first sample (per-patient set-up excluded),
  // or the average over the run when there is only one sample after the start.
  const from = samples.length >= 3 ? samples[1] : first;
  const perReading = (total(last) - total(from)) / (heldAt(last) - heldAt(from));
  const toGo = heldAtHorizon - heldAt(last);
  return {
    label,
    minutes: last.minute,
    events: last.events,
    eventsPerS: last.elapsedMs ? (last.events / last.elapsedMs) * 1000 : NaN,
    heap: total(last),
    rss: last.rss,
    peakRss: last.peakRss ?? last.rss,
    perReading,
    perPatientAtHorizon: (total(last) - total(first) + perReading * toGo) / patients,
    steadyHeap: total(last) + perReading * toGo,
    steadyRss: last.rss + perReading * toGo,
  };
}

async function main() {
  const results: ReturnType<typeof summarize>[] = [];
  if (before) {
    const tree = checkout(before);
    try {
      results.push(summarize(`before (${before})`, await run(`before (${before})`, tree)));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }
  results.push(summarize('after (this checkout)', await run('after (this checkout)', repoRoot)));
  const gb = (b: number) => (b / 2 ** 30).toFixed(2);
  if (cadence === 'charted') {
    const rows = results.map((r) => r.label);
    process.stdout.write(
      [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${gb(totalmem())} GiB, node ${process.version}. ${patients} charted patients (vitals every 1–4 h, urine hourly, creatinine daily), ticked every simulated minute; ${minutes} simulated min.`,
        '',
        '| engine | events | heap + arrayBuffers growth | bytes per patient (heap + arrayBuffers) | RSS growth per patient | peak RSS |',
        '|---|---:|---:|---:|---:|---:|',
        ...charted.map((c, i) => `| ${rows[i]} | ${c.events.toLocaleString('en')} | ${mib(c.growth)} MiB | ${c.perPatient.toFixed(0)} | ${c.rssPerPatient.toFixed(0)} | ${mib(c.peakRss)} MiB |`),
      ].join('\n') + '\n',
    );
    return;
  }
  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${gb(totalmem())} GiB, node ${process.version}. ${patients} patients, 1 Hz vitals (hr, spo2, rr, arterial sbp/dbp/map) + one 1-min RR batch each, ticked every simulated second; ${minutes} simulated min (the late-data horizon is ${HORIZON_MIN} min).`,
    '',
    '| engine | events | events/s | heap + arrayBuffers at end | RSS at end | peak RSS | bytes per held reading (slope) | per patient at the 6-h horizon | steady heap at 6 h (measured + slope) | steady RSS at 6 h (measured + slope) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.label} | ${r.events.toLocaleString('en')} | ${r.eventsPerS.toFixed(0)} | ${mib(r.heap)} MiB | ${mib(r.rss)} MiB | ${mib(r.peakRss)} MiB | ${r.perReading.toFixed(0)} | ${(r.perPatientAtHorizon / 2 ** 20).toFixed(2)} MiB | ${gb(r.steadyHeap)} GiB | ${gb(r.steadyRss)} GiB |`),
  ];
  if (results.length === 2) lines.push('', `Ratio (after / before), bytes per held reading: ${(results[1].perReading / results[0].perReading).toFixed(2)}`);
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench:memory failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
