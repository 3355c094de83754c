import { createWriteStream, writeFileSync } from 'node:fs';
import { str, type OptionSpec, type ParsedArgs } from '../args';
import { once } from 'node:events';
import { SCENARIOS, simulateWard, type ScenarioName } from '../simulate/ward-simulator';
import { ProgressBar } from '../progress/progress-bar';

export interface SimulateCommandOptions {
  patients: number;
  hours: number;
  seed: string;
  scenario?: string;
  start?: string;
  wardId?: string;
  out?: string;
  truth?: string;
}

/** Parses a positive number option, or explains what is expected. */
export function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number (got "${raw}")`);
  return v;
}

/**
 * `vigil simulate --patients N --hours H --seed S [--scenario NAME] [--start ISO] [--ward W] [--out F] [--truth F]`:
 * writes the canonical NDJSON stream (stdout without --out) and the ground-truth episodes (default: beside
 * --out as <name>.truth.ndjson).
 */
export async function simulate(opts: SimulateCommandOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (opts.scenario !== undefined && !(SCENARIOS as readonly string[]).includes(opts.scenario)) {
    err(`--scenario must be one of ${SCENARIOS.join(', ')} (got "${opts.scenario}")\n`);
    return 2;
  }
  const started = performance.now();
  const bar = new ProgressBar({ label: 'simulate', unit: 'patients', total: opts.patients });
  const ward = simulateWard({ patients: opts.patients, hours: opts.hours, seed: opts.seed, scenario: opts.scenario as ScenarioName | undefined, start: opts.start, wardId: opts.wardId }, () => bar.add());
  bar.finish();
  const truthPath = opts.truth ?? (opts.out ? opts.out.replace(/(\.ndjson)?$/, '.truth.ndjson') : undefined);
  if (opts.out) {
    const file = createWriteStream(opts.out);
    let chunk = '';
    for (const e of ward.events) {
      chunk += JSON.stringify(e) + '\n';
      if (chunk.length > 1 << 20) {
        if (!file.write(chunk)) await once(file, 'drain');
        chunk = '';
      }
    }
    file.end(chunk);
    await once(file, 'finish');
  } else {
    for (const e of ward.events) out(JSON.stringify(e) + '\n');
  }
  if (truthPath) {
    const header = { _comment: `vigil simulate ground truth: --patients ${opts.patients} --hours ${opts.hours} --seed ${opts.seed} --scenario ${opts.scenario ?? 'mixed'}; episodes measured on the noise-free simulated physiology; IL-2 and sIL-2R values are invented` };
    writeFileSync(truthPath, [header, ...ward.truth].map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
  const kinds = new Map<string, number>();
  for (const t of ward.truth) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
  err(
    `simulated ${opts.patients} patient(s) × ${opts.hours} h (seed ${opts.seed}): ${ward.events.length} events${opts.out ? ` → ${opts.out}` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `${ward.truth.length} truth episodes (${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})${truthPath ? ` → ${truthPath}` : ''}\n`,
  );
  return 0;
}

/** Option names that take a value, for the shared argv parser. */
export const SIMULATE_OPTIONS: OptionSpec = { valued: ['patients', 'hours', 'seed', 'scenario', 'start', 'ward', 'out', 'truth'] };

/** `main` entry: reads the parsed options and explains bad ones. */
export async function simulateMain(args: ParsedArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    return await simulate(
      {
        patients: Math.round(positive('patients', str(args, 'patients'), 10)),
        hours: positive('hours', str(args, 'hours'), 12),
        seed: str(args, 'seed') ?? '1',
        scenario: str(args, 'scenario'),
        start: str(args, 'start'),
        wardId: str(args, 'ward'),
        out: str(args, 'out'),
        truth: str(args, 'truth'),
      },
      out,
      err,
    );
  } catch (e) {
    err(`vigil simulate: ${(e as Error).message}\n`);
    return 2;
  }
}
