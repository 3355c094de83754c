import { parseTime } from '@vigil/rules';
import { InputError } from '../args';
import { TRUTH_KINDS, type TruthEpisode } from '../simulate/ward-simulator';

const MAX_REPORTED = 20;

/**
 * Reads a ground-truth NDJSON (`vigil simulate` writes one beside its stream): a `{"_comment": …}`
 * header or `//` lines, then one episode per line. Every bad line is named with its field, and a
 * file with no episode at all (the stream itself given as --truth, say) is refused: scoring against
 * nothing would print a table of empty sensitivities that looks like a result.
 */
export function readTruth(text: string, name: string): TruthEpisode[] {
  const episodes: TruthEpisode[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('//')) continue;
    const where = `${name}:${i + 1}`;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch (e) {
      problems.push(`${where}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      problems.push(`${where}: not a JSON object`);
      continue;
    }
    if ('_comment' in o && !('kind' in o)) continue;
    const bad = episodeProblem(o);
    if (bad) problems.push(`${where}: ${bad}`);
    else episodes.push(o as unknown as TruthEpisode);
  }
  if (problems.length) {
    const more = problems.length > MAX_REPORTED ? `\n  … and ${problems.length - MAX_REPORTED} more` : '';
    throw new InputError(`--truth ${name}: ${problems.length} bad line(s)\n  ${problems.slice(0, MAX_REPORTED).join('\n  ')}${more}`);
  }
  if (episodes.length === 0) throw new InputError(`--truth ${name}: no ground-truth episodes in it (one JSON line per episode: patientId, kind, start, end, peak); \`vigil simulate --out F\` writes F.truth.ndjson`);
  return episodes;
}

function episodeProblem(o: Record<string, unknown>): string | null {
  if (o.kind === undefined && typeof o.type === 'string') return `kind: missing; this line is a clinical event ("type": ${JSON.stringify(o.type)}): is this the stream rather than its truth file?`;
  if (typeof o.patientId !== 'string' || o.patientId === '') return 'patientId: must be a non-empty string';
  if (!(TRUTH_KINDS as readonly unknown[]).includes(o.kind)) return `kind: must be one of ${TRUTH_KINDS.join(', ')} (got ${JSON.stringify(o.kind)})`;
  const times: Record<string, number> = {};
  for (const f of ['start', 'end', 'peak'] as const) {
    const t = typeof o[f] === 'string' ? parseTime(o[f] as string) : NaN;
    if (Number.isNaN(t)) return `${f}: must be an ISO time (got ${JSON.stringify(o[f])})`;
    times[f] = t;
  }
  if (times.end < times.start) return `end: before start (${o.start} → ${o.end})`;
  return null;
}
