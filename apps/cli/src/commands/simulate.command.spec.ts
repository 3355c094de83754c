import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../args';
import { simulateMain, SIMULATE_OPTIONS } from './simulate.command';

describe('vigil simulate (command)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-sim-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await simulateMain(parseArgs(argv, SIMULATE_OPTIONS), (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  };

  it('writes the stream and, beside it, the ground truth with a header line; same seed, same bytes', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    expect((await run(['--patients', '2', '--hours', '9', '--seed', 'x', '--scenario', 'leak', '--out', a])).code).toBe(0);
    expect((await run(['--patients', '2', '--hours', '9', '--seed', 'x', '--scenario', 'leak', '--out', b])).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const truth = readFileSync(join(dir, 'a.truth.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(truth[0]._comment).toContain('--seed x --scenario leak');
    expect(truth.slice(1).some((t) => t.kind === 'capillary_leak')).toBe(true);
  }, 30_000); // two simulated wards written to disk

  it('prints NDJSON to stdout without --out, and explains bad options', async () => {
    const r = await run(['--patients', '1', '--hours', '1', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')[0]).toContain('"type":"admit"');
    expect(await run(['--scenario', 'chaos'])).toMatchObject({ code: 2, err: expect.stringContaining('--scenario must be one of mixed, quiet, leak, af, storm') });
    expect(await run(['--patients', 'lots'])).toMatchObject({ code: 2, err: expect.stringContaining('--patients must be a positive number') });
  });
});
