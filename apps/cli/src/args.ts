/** Argv parsing: positionals, `--flag`, `--key value` and `--key=value`, checked against what the command takes. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** The options a command takes; anything else is refused (a mistyped option must not silently fall back to a default). */
export interface OptionSpec {
  /** Options that take a value. */
  valued: readonly string[];
  /** Options that are on or off. */
  flags?: readonly string[];
  /** The most positional arguments the command reads. */
  positionals?: number;
}

/** Bad input, on the command line or in a file it names: the message says where and what to do (exit code 2). */
export class InputError extends Error {}

/** Bad command-line input: the message names the option or argument (and is followed by a pointer to --help). */
export class UsageError extends InputError {}

export function parseArgs(argv: string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const onOff = spec.flags ?? [];
  const known = [...spec.valued, ...onOff];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(key)) {
      const near = closest(key, known);
      throw new UsageError(`unknown option --${key}${near ? ` (did you mean --${near}?)` : ''}`);
    }
    if (flags.has(key)) throw new UsageError(`--${key} is given twice`);
    if (onOff.includes(key)) {
      if (eq > 0) throw new UsageError(`--${key} takes no value (got "${a.slice(eq + 1)}")`);
      flags.set(key, true);
      continue;
    }
    // A valued option needs its value: `--out` at the end, or before another option, is a mistake, not "on".
    const value = eq > 0 ? a.slice(eq + 1) : argv[i + 1];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${key} needs a value`);
    if (eq < 0) i++;
    flags.set(key, value);
  }
  const max = spec.positionals ?? 0;
  if (positionals.length > max) throw new UsageError(`unexpected argument "${positionals[max]}"${max === 0 ? ' (this command takes options only)' : ''}`);
  return { positionals, flags };
}

export function str(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** A whole-number option within [min, max], or the fallback when absent; anything else is refused. */
export function wholeNumber(args: ParsedArgs, key: string, fallback: number, min: number, max: number): number {
  const v = str(args, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${key} must be a whole number from ${min} to ${max} (got "${v}")`);
  return n;
}

/** The candidate within two edits of `name` (the likely intended spelling), if exactly one is nearest. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  let tie = false;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return tie ? undefined : best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}
