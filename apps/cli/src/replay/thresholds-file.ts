import { readFileSync } from 'node:fs';
import { thresholdKeys, type ThresholdValues } from '@vigil/rules';
import { closest, InputError } from '../args';

/**
 * Reads `--thresholds FILE`: a JSON object of threshold keys and numbers (engine-wide overrides).
 * Every problem is refused with the file and key named: the engine drops keys it does not know, and
 * a rule change tested with a misspelt key would otherwise replay on the defaults without a word.
 */
export function readThresholdsFile(file: string): Partial<ThresholdValues> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`--thresholds ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(`--thresholds ${file}: not JSON (${(e as Error).message}); write an object such as {"sbpLow": 85}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InputError(`--thresholds ${file}: must be a JSON object of threshold keys and numbers, such as {"sbpLow": 85}`);
  const problems: string[] = [];
  const out: Partial<ThresholdValues> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(thresholdKeys as string[]).includes(key)) {
      const near = closest(key, thresholdKeys);
      problems.push(`${key}: not a threshold${near ? ` (did you mean ${near}?)` : ''}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${key}: must be a number (got ${JSON.stringify(value)})`);
    else out[key as keyof ThresholdValues] = value;
  }
  if (problems.length) throw new InputError(`--thresholds ${file}:\n  ${problems.join('\n  ')}\n(the keys and defaults are in libs/rules/src/lib/threshold-set.ts)`);
  return out;
}
