import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type ServiceProcess } from '@vigil/testing';
import { main } from '../src/main';
import { dataFetchMain } from '../src/data/data-fetch.main';
import { DATA_SETS, dataSetDir, type DataSetName } from '../src/data/data-sets';
import { repoRoot } from '../src/repo-root';

/**
 * Every line of the README's `vigil` command block, run as printed (issue 19: a new user's commands
 * must work). The only rewrites: /tmp/ → a temporary directory, and the service URL → the real service
 * this test starts (demo accounts, like `npm start`). `data:fetch` needs the internet, so its lines run
 * what follows it: on data/ when it is there (CI fetches it first), otherwise checking that the command
 * exits 2 and prints the exact `data:fetch` line. The data-fetch code itself is tested against a real
 * HTTP mirror in src/data/data-fetch.spec.ts.
 */
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const block = readme.slice(readme.indexOf('## The `vigil` command line'));
const lines = block
  .slice(block.indexOf('```sh\n') + 6, block.indexOf('\n```', block.indexOf('```sh\n')))
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter(Boolean);

describe('README: the vigil command block, line by line', () => {
  let tmp: string;
  let svc: ServiceProcess;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'vigil-readme-'));
    svc = await startService({}, { timeoutMs: 150_000 });
  }, 160_000);
  afterAll(async () => {
    await svc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  const run = async (command: string): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const argv = command.replaceAll('/tmp/', `${tmp}/`).replaceAll('http://localhost:3000', svc.url).split(/\s+/);
    if (argv.slice(0, 3).join(' ') === 'npm run vigil' && argv[3] === '--') {
      const args = argv.slice(4);
      if (args[0] === 'record' && !args.includes('--target')) args.push('--target', svc.url);
      return { code: await main(args, (s) => void (out += s), (s) => void (err += s)), out, err };
    }
    throw new Error(`not a vigil command: ${command}`);
  };

  it('has the lines this test knows how to run', () => {
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const l of lines) expect(l).toMatch(/^npm run (vigil|data:fetch) -- /);
  });

  it.each(lines.filter((l) => !l.startsWith('npm run data:fetch')))('%s', async (line) => {
    const r = await run(line);
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.err}`);
    if (line.includes('--out')) expect(existsSync(line.split('--out ')[1].split(' ')[0].replace('/tmp/', `${tmp}/`))).toBe(true);
    if (line.includes(' simulate ')) expect(existsSync(join(tmp, line.includes('big-ward') ? 'big-ward.truth.ndjson' : 'ward.truth.ndjson'))).toBe(true);
    if (line.includes('record ')) expect(readFileSync(join(tmp, 'recording.ndjson'), 'utf8').split('\n').length).toBeGreaterThan(100);
  }, 300_000);

  it.each(lines.filter((l) => l.startsWith('npm run data:fetch')))('%s (on data/ when fetched; else exit 2 naming the fetch command)', async (line) => {
    const [fetch, command] = line.split(' && ');
    const set = fetch.split('-- ')[1].trim() as DataSetName;
    expect(Object.keys(DATA_SETS)).toContain(set);
    const ready = existsSync(join(dataSetDir(set), DATA_SETS[set].ready));
    process.stderr.write(`README ${set}: ${ready ? `running on ${dataSetDir(set)}` : `${dataSetDir(set)} absent: checking the exit-2 hint`}\n`);
    const r = await run(command);
    if (ready) expect(r).toMatchObject({ code: 0 });
    else {
      expect(r.code).toBe(2);
      expect(r.err).toContain(fetch.replace('npm run data:fetch -- ', 'npm run data:fetch -- '));
    }
    // And the fetch command itself parses: its help names the set.
    let help = '';
    expect(await dataFetchMain(['--help'], {}, (s) => void (help += s))).toBe(0);
    expect(help).toContain(`data/${DATA_SETS[set].folder}`);
  }, 300_000);
});
