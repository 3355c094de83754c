import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fixturesDir } from '../repo-root';
import { readCsvObjects } from '@vigil/interop';
import { dataFetchMain } from './data-fetch.main';

/**
 * data:fetch against a real local HTTP server serving a mirror in PhysioNet's layout (https://physionet.org/files/
 * <project>/<version>/ with its SHA256SUMS.txt). mitdb's files are PhysioNet's own (fixtures/mitdb-arrhythmia);
 * the AFDB and MIMIC mirrors are written here from the committed excerpts in PhysioNet's formats (WFDB
 * annotations; upper-case CSV tables), so the conversion must give back exactly the committed layout.
 */
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Mirror {
  url: string;
  requests: Array<{ path: string; range?: string }>;
  /** Files served with different bytes than listed (a corrupting proxy). */
  corrupt: Set<string>;
  close(): Promise<void>;
}

/** Serves `root` over HTTP, honouring Range like PhysioNet's server. */
async function serve(root: string): Promise<Mirror> {
  const requests: Mirror['requests'] = [];
  const corrupt = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: req.headers.range });
    const file = join(root, path);
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = readFileSync(file);
    if (corrupt.has(path.split('/').pop() ?? '')) body = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([body[body.length - 1] ^ 0xff])]);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && Number(m[1]) < body.length) {
      res.writeHead(206, { 'content-length': body.length - Number(m[1]), 'content-range': `bytes ${m[1]}-${body.length - 1}/${body.length}` }).end(body.subarray(Number(m[1])));
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, corrupt, close: () => new Promise((r) => server.close(() => r())) };
}

function writeSums(dir: string, files: string[], extra = ''): void {
  writeFileSync(join(dir, 'SHA256SUMS.txt'), files.map((f) => `${sha(readFileSync(join(dir, f)))} ${f}`).join('\n') + '\n' + extra);
}

/** WFDB (MIT format) annotations: the writer's side of wfdb-annotations.ts, for the AFDB mirror. */
function wfdbAnnotations(anns: Array<{ sample: number; code: number; aux?: string }>): Buffer {
  const words: number[] = [];
  let prev = 0;
  for (const a of anns) {
    const d = a.sample - prev;
    if (d > 1023) words.push(59 << 10, (d >>> 16) & 0xffff, d & 0xffff, (a.code << 10) | 0);
    else words.push((a.code << 10) | d);
    prev = a.sample;
    if (a.aux) {
      const bytes = Buffer.from(a.aux + (a.aux.length % 2 ? '\0' : ''), 'latin1');
      words.push((63 << 10) | a.aux.length, ...Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readUInt16LE(2 * i)));
    }
  }
  words.push(0);
  const out = Buffer.alloc(words.length * 2);
  words.forEach((w, i) => out.writeUInt16LE(w, 2 * i));
  return out;
}

const AFDB = join(fixturesDir, 'afdb-mitbih-af');
const AFDB_RECORDS = ['04015', '04043', '07162', '08455'];
const fixtureBeats = (rec: string) => gunzipSync(readFileSync(join(AFDB, 'beats', `${rec}.csv.gz`))).toString('utf8');

describe('npm run data:fetch (against a real local HTTP mirror of PhysioNet)', () => {
  let root: string;
  let data: string;
  let mirror: Mirror;
  let log: string;
  const run = (...argv: string[]) => {
    log = '';
    return dataFetchMain(argv, { VIGIL_DATA_BASE_URL: mirror.url }, (s) => (log += s), data);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vigil-physionet-'));
    data = join(root, 'repo-data');
    // mitdb 1.0.0: three records verbatim, their real checksums, and a signal file the fetch must not want.
    const mitdb = join(root, 'mirror/mitdb/1.0.0');
    mkdirSync(mitdb, { recursive: true });
    const mitdbFiles = ['119.atr', '119.hea', '201.atr', '201.hea', '203.atr', '203.hea'];
    for (const f of mitdbFiles) copyFileSync(join(fixturesDir, 'mitdb-arrhythmia', f), join(mitdb, f));
    writeFileSync(join(mitdb, 'SHA256SUMS.txt'), readFileSync(join(fixturesDir, 'mitdb-arrhythmia', 'SHA256SUMS.txt'), 'utf8') + `${'0'.repeat(64)} 201.dat\n`);
    // afdb 1.0.0: .qrs (every beat, code N) and .atr (rhythm changes) rebuilt from the committed text.
    const afdb = join(root, 'mirror/afdb/1.0.0');
    mkdirSync(afdb, { recursive: true });
    for (const rec of AFDB_RECORDS) {
      const beats = fixtureBeats(rec).trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
      writeFileSync(join(afdb, `${rec}.qrs`), wfdbAnnotations(beats.map((sample) => ({ sample, code: 1 }))));
      const changes = readFileSync(join(AFDB, 'rhythm_rdann', `atr${rec}.txt`), 'utf8').trim().split('\n').slice(1).map((l) => ({ sample: Number(l.trim().split(/\s+/)[1]), code: 28, aux: l.split('\t')[1] }));
      writeFileSync(join(afdb, `${rec}.atr`), wfdbAnnotations(changes));
      writeFileSync(join(afdb, `${rec}.hea`), `${rec} 2 250 9205760\n`);
    }
    writeSums(afdb, AFDB_RECORDS.flatMap((r) => [`${r}.atr`, `${r}.hea`, `${r}.qrs`]));
    // mimiciii-demo 1.4: PhysioNet's table names and CHARTEVENTS column order, plus rows of items Vigil does not read.
    const mimic = join(root, 'mirror/mimiciii-demo/1.4');
    mkdirSync(mimic, { recursive: true });
    const fx = join(fixturesDir, 'mimic3-demo');
    for (const f of ['admissions', 'd_labitems', 'diagnoses_icd', 'icustays', 'labevents', 'patients']) copyFileSync(join(fx, `${f}.csv`), join(mimic, `${f.toUpperCase()}.csv`));
    copyFileSync(join(fx, 'd_items_used.csv'), join(mimic, 'D_ITEMS.csv'));
    const cols = ['row_id', 'subject_id', 'hadm_id', 'icustay_id', 'itemid', 'charttime', 'storetime', 'cgid', 'value', 'valuenum', 'valueuom', 'warning', 'error', 'resultstatus', 'stopped'];
    const vitals = readCsvObjects(readFileSync(join(fx, 'vitals_chartevents.csv'), 'utf8'));
    const q = (v: string) => (v === '' ? '' : `"${v}"`);
    const chart = vitals.flatMap((r, i) => {
      const row = `${i + 1},${r['subject_id']},${r['hadm_id']},${r['icustay_id']},${r['itemid']},${r['charttime']},${r['storetime']},17,${q(r['value'])},${r['valuenum']},${q(r['valueuom'])},${r['warning']},${r['error']},,`;
      return i % 7 === 0 ? [row, `${i + 1_000_000},${r['subject_id']},${r['hadm_id']},${r['icustay_id']},1125,${r['charttime']},,17,"a, b",,,,,,`] : [row];
    });
    writeFileSync(join(mimic, 'CHARTEVENTS.csv'), [cols.join(','), ...chart].join('\n') + '\n');
    const outputs = readCsvObjects(readFileSync(join(fx, 'outputevents.csv'), 'utf8'));
    const outCols = ['row_id', 'subject_id', 'hadm_id', 'icustay_id', 'charttime', 'itemid', 'value', 'valueuom', 'storetime', 'cgid', 'stopped', 'newbottle', 'iserror'];
    writeFileSync(join(mimic, 'OUTPUTEVENTS.csv'), [outCols.join(','), ...outputs.map((r) => outCols.map((c) => r[c]).join(','))].join('\n') + '\n');
    writeSums(mimic, ['ADMISSIONS.csv', 'CHARTEVENTS.csv', 'D_ITEMS.csv', 'D_LABITEMS.csv', 'DIAGNOSES_ICD.csv', 'ICUSTAYS.csv', 'LABEVENTS.csv', 'OUTPUTEVENTS.csv', 'PATIENTS.csv']);
    mirror = await serve(join(root, 'mirror'));
  });
  afterAll(async () => {
    await mirror?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('mitdb: downloads the header and annotation files only, each checked against SHA256SUMS.txt', async () => {
    expect(await run('mitdb')).toBe(0);
    for (const f of ['119.atr', '201.hea', '203.atr']) expect(readFileSync(join(data, 'mitdb-arrhythmia', f))).toEqual(readFileSync(join(fixturesDir, 'mitdb-arrhythmia', f)));
    expect(existsSync(join(data, 'mitdb-arrhythmia', '201.dat'))).toBe(false);
    expect(mirror.requests.map((r) => r.path)).not.toContain('/mitdb/1.0.0/201.dat');
    expect(log).toContain('6 files verified against SHA256SUMS.txt (6 downloaded');
    expect(readFileSync(join(data, 'mitdb-arrhythmia', 'FETCHED.md'), 'utf8')).toMatch(/Open Data Commons Attribution/);
  });

  it('is idempotent: a second run downloads nothing; an interrupted download resumes with a Range request', async () => {
    mirror.requests.length = 0;
    expect(await run('mitdb')).toBe(0);
    expect(log).toContain('(0 downloaded, 0.0 MB; 6 already there)');
    expect(mirror.requests.map((r) => r.path)).toEqual(['/mitdb/1.0.0/SHA256SUMS.txt']);
    const atr = join(data, 'mitdb-arrhythmia', '203.atr');
    const whole = readFileSync(atr);
    rmSync(atr);
    writeFileSync(`${atr}.part`, whole.subarray(0, 1000));
    expect(await run('mitdb')).toBe(0);
    expect(mirror.requests.find((r) => r.path === '/mitdb/1.0.0/203.atr')?.range).toBe('bytes=1000-');
    expect(readFileSync(atr)).toEqual(whole);
    expect(existsSync(`${atr}.part`)).toBe(false);
  });

  it('refuses a file whose checksum does not match, removes it, and says what to do (exit 2)', async () => {
    rmSync(join(data, 'mitdb-arrhythmia', '201.atr'));
    mirror.corrupt.add('201.atr');
    try {
      expect(await run('mitdb')).toBe(2);
    } finally {
      mirror.corrupt.clear();
    }
    expect(log).toMatch(/data:fetch: 201\.atr: SHA-256 [0-9a-f]{64} does not match df1276b6/);
    expect(log).toContain('run the command again');
    expect(existsSync(join(data, 'mitdb-arrhythmia', '201.atr'))).toBe(false);
    expect(existsSync(join(data, 'mitdb-arrhythmia', '201.atr.part'))).toBe(false);
  });

  it('afdb: converts PhysioNet .qrs/.atr annotations into exactly the committed beats and rhythm spans', async () => {
    expect(await run('afdb')).toBe(0);
    for (const rec of AFDB_RECORDS) expect(readFileSync(join(data, 'afdb-mitbih-af', 'beats', `${rec}.csv`), 'utf8')).toBe(fixtureBeats(rec));
    expect(readFileSync(join(data, 'afdb-mitbih-af', 'rhythm_spans.csv'), 'utf8')).toBe(readFileSync(join(AFDB, 'rhythm_spans.csv'), 'utf8'));
    expect(log).toContain('4 records converted');
  });

  it('mimic3-demo: derives the import layout from PhysioNet tables (vitals cut from CHARTEVENTS, labels joined)', async () => {
    expect(await run('mimic3-demo')).toBe(0);
    const fx = join(fixturesDir, 'mimic3-demo');
    const got = join(data, 'mimic3-demo');
    for (const f of ['vitals_chartevents.csv', 'outputevents.csv', 'icustays.csv', 'labevents.csv']) expect(readCsvObjects(readFileSync(join(got, f), 'utf8'))).toEqual(readCsvObjects(readFileSync(join(fx, f), 'utf8')));
    expect(log).toContain('3636 charted vitals and rhythm rows');
  });

  it('names an unreachable server, an unknown set and a bad mirror, exit 2', async () => {
    log = '';
    expect(await dataFetchMain(['mitdb', '--base-url', 'http://127.0.0.1:1'], {}, (s) => (log += s), join(root, 'elsewhere'))).toBe(2);
    expect(log).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1\/mitdb\/1\.0\.0\/SHA256SUMS\.txt .*--from DIR/);
    expect(await run('afdbx')).toBe(2);
    expect(log).toContain('unknown data set "afdbx"');
    expect(await run('mitdb', '--from', join(root, 'nowhere'))).toBe(2);
    expect(log).toContain('point --from at the folder that contains mitdb-arrhythmia/');
  });

  it('--from a mirror in this layout copies it and verifies what its SHA256SUMS.txt lists', async () => {
    const local = join(root, 'local-mirror/mitdb-arrhythmia');
    mkdirSync(local, { recursive: true });
    for (const f of ['119.atr', '119.hea', 'SHA256SUMS.txt']) copyFileSync(join(fixturesDir, 'mitdb-arrhythmia', f), join(local, f));
    const copy = join(root, 'copy');
    log = '';
    expect(await dataFetchMain(['mitdb', '--from', join(root, 'local-mirror')], {}, (s) => (log += s), copy)).toBe(0);
    expect(log).toContain("2 files verified against the mirror's SHA256SUMS.txt");
    writeFileSync(join(local, '119.hea'), 'tampered\n');
    expect(await dataFetchMain(['mitdb', '--from', join(root, 'local-mirror')], {}, (s) => (log += s), copy)).toBe(2);
    expect(log).toMatch(/119\.hea: SHA-256 .* the mirror is damaged/);
    // The good copy from before is untouched.
    expect(readFileSync(join(copy, 'mitdb-arrhythmia', '119.hea'))).toEqual(readFileSync(join(fixturesDir, 'mitdb-arrhythmia', '119.hea')));
  });
});
