import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';
import { versionLine } from './version';
import { simulateWard } from './simulate/ward-simulator';

/** The command line as a user meets it: options checked per command before anything runs. */
describe('vigil (command line)', () => {
  let dir: string;
  let stream: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-main-'));
    stream = join(dir, 'w.ndjson');
    const ward = simulateWard({ patients: 2, hours: 12, seed: 'm', scenario: 'leak' });
    writeFileSync(stream, ward.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  };

  it('refuses a mistyped option before doing anything, and says what was meant', async () => {
    const r = await run('simulate', '--patiens', '40', '--hours', '1');
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain('vigil simulate: unknown option --patiens (did you mean --patients?)');
  });

  it('prints one command’s usage for --help, and every command’s without one', async () => {
    const r = await run('simulate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('simulate --patients N --hours H --seed S');
    expect(r.out).not.toContain('"type"'); // nothing was simulated
    const all = await run('--help');
    for (const c of ['validate-af', 'replay FILE --offline', 'replay FILE --target', 'record', 'simulate', 'score', 'import mimic']) expect(all.out).toContain(c);
    expect(await run('frob')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frob"') });
  });

  it('prints its version and source commit for --version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await run(flag);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^vigil \S+ \(commit [0-9a-f]{7,40}, node v\d+/); // a checkout: git's commit
      expect(r.out.split(' ')[1]).toBe(pkg.version);
    }
    expect(versionLine(undefined, { VIGIL_COMMIT: 'image-build-7' })).toContain('(commit image-build-7,');
  });

  it('asks how to replay, and names an option of the other kind of replay as such', async () => {
    expect(await run('replay', stream)).toMatchObject({ code: 2, err: expect.stringContaining('--offline (the rules engine in-process) or --target URL') });
    expect(await run('replay', stream, '--offline', '--speed', '10')).toMatchObject({ code: 2, err: expect.stringContaining('--speed is for live replay (--target URL) only') });
    expect(await run('replay', stream, '--target', 'http://localhost:1', '--expect', 'e.ndjson')).toMatchObject({ code: 2, err: expect.stringContaining('--expect is for --offline replay only') });
    expect(await run('replay', join(dir, 'missing.ndjson'), '--offline')).toMatchObject({ code: 2, err: expect.stringContaining(`cannot open ${join(dir, 'missing.ndjson')} (ENOENT)`) });
    // Numbers are checked before any connection is tried (port 1: nothing listens there).
    expect(await run('replay', stream, '--target', 'http://127.0.0.1:1', '--max', '--lanes', '0')).toMatchObject({ code: 2, err: expect.stringContaining('--lanes must be a whole number from 1 to 64 (got "0")') });
    expect(await run('replay', stream, '--offline', '--workers', 'lots')).toMatchObject({ code: 2, err: expect.stringContaining('--workers must be a whole number') });
    expect(await run('record', '--ward', 'W', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z', '--target', 'http://127.0.0.1:1')).toMatchObject({ code: 2, err: expect.stringContaining('is before --from') });
  });

  it('names an invalid line of the stream with exit code 2, with one engine and with two', async () => {
    const bad = join(dir, 'bad.ndjson');
    const lines = readFileSync(stream, 'utf8').trim().split('\n');
    lines.splice(40, 0, JSON.stringify({ id: 'x', patientId: 'SIM-P1', time: '2026-01-05T09:00:00.000Z', type: 'vitals', sbp: 'low' }));
    writeFileSync(bad, lines.join('\n') + '\n');
    for (const workers of ['1', '2']) {
      // --strict: the first invalid line stops the replay (the behaviour before §10).
      const r = await run('replay', bad, '--offline', '--workers', workers, '--strict');
      expect(r).toMatchObject({ code: 2, out: '' });
      expect(r.err).toContain(`vigil replay: ${bad}:41: sbp:`);
      expect(r.err).not.toContain('--help'); // the file is wrong, not the options
    }
  }, 60_000); // starts two worker threads

  it('refuses an invalid field with FILE:LINE and the field, keeps the valid fields of the event, and replays the rest (§10)', async () => {
    const bad = join(dir, 'fields.ndjson');
    const lines = readFileSync(stream, 'utf8').trim().split('\n');
    lines.splice(40, 0, JSON.stringify({ id: 'x1', patientId: 'SIM-P1', time: '2026-01-05T09:00:00.000Z', type: 'vitals', sbp: 'low' }));
    lines.splice(41, 0, JSON.stringify({ id: 'x2', patientId: 'SIM-P1', time: '2026-01-05T09:00:00.000Z', type: 'vitals', sbp: 84, temp: -17.8 }));
    writeFileSync(bad, lines.join('\n') + '\n');
    const clean = await run('replay', stream, '--offline', '--json');
    for (const workers of ['1', '2']) {
      const r = await run('replay', bad, '--offline', '--json', '--workers', workers);
      expect(r.code).toBe(0);
      expect(r.err).toContain(`${bad}:41: sbp:`);
      expect(r.err).toContain('(line skipped)');
      expect(r.err).toContain(`${bad}:42: temp:`);
      expect(r.err).toContain('(field refused; the event');
      expect(r.out.trim().split('\n').length).toBeGreaterThanOrEqual(clean.out.trim().split('\n').length - 2);
    }
  }, 60_000);

  it('replays with the thresholds of --thresholds, and refuses a misspelt key rather than replaying on the defaults', async () => {
    const defaults = await run('replay', stream, '--offline', '--json');
    expect(defaults.code).toBe(0);
    const good = join(dir, 'good.json');
    // Every hypotension criterion moved out of reach: the leak episodes' alerts must go.
    writeFileSync(good, JSON.stringify({ sbpLow: 40, mapLow: 30, sbpSevere: 35, mapSevere: 25, sbpSingleReading: 30, sbpBaselineFraction: 0.2 }));
    const lowered = await run('replay', stream, '--offline', '--json', '--thresholds', good);
    expect(lowered.code).toBe(0);
    const hypotension = (out: string) => out.trim().split('\n').filter((l) => l && JSON.parse(l).alert.rule === 'hypotension').length;
    expect(hypotension(defaults.out)).toBeGreaterThan(0);
    expect(hypotension(lowered.out)).toBe(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ sbplow: 130 }));
    const refused = await run('replay', stream, '--offline', '--thresholds', bad);
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toContain('sbplow: not a threshold (did you mean sbpLow?)');
    expect(await run('score', stream, '--truth', join(dir, 'none'), '--thresholds', bad)).toMatchObject({ code: 2, err: expect.stringContaining('sbplow: not a threshold') });
    // score checks its truth file before the replay: the stream given as its own truth is refused.
    expect(await run('score', stream, '--truth', stream)).toMatchObject({ code: 2, out: '', err: expect.stringContaining('is this the stream rather than its truth file?') });
  });
});
