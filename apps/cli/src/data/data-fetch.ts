import { createReadStream, createWriteStream, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ProgressBar } from '../progress/progress-bar';
import { parseAnnotations, parseHeader } from '../afdb/wfdb';
import { afdbBeatsCsv, afdbRhythmSpans, RHYTHM_SPANS_HEADER } from './afdb-convert';
import { DATA_SETS, type DataSet, type DataSetName } from './data-sets';
import { convertMimicDemo, MIMIC_RAW_FILES } from './mimic-convert';
import { parseSha256Sums, sha256File } from './sha256sums';

export const PHYSIONET_FILES = 'https://physionet.org/files';

export interface FetchOptions {
  /** data/ of the repository (each set goes into data/<folder>). */
  dataDir: string;
  /** Base URL of PhysioNet's file tree (a mirror's, in tests); `<base>/<project>/<version>/<file>`. */
  baseUrl?: string;
  /** A local mirror: DIR/<folder> in this project's layout (copied), or a copy of PhysioNet's files (verified, converted). */
  from?: string;
  log?: (s: string) => void;
  /** Progress bars' stream (null silences them). */
  progress?: NodeJS.WriteStream | null;
}

/** Something data:fetch cannot do, with what to do about it (exit 2). */
export class FetchError extends Error {}

/** Which of PhysioNet's files each set needs (the signal .dat files are not: every use reads annotations). */
const WANTED: Record<DataSetName, (file: string) => boolean> = {
  afdb: (f) => /^\d{5}\.(hea|atr|qrs)$/.test(f),
  mitdb: (f) => /^\d{3}\.(hea|atr)$/.test(f),
  'mimic3-demo': (f) => MIMIC_RAW_FILES.includes(f),
};

/** Where PhysioNet's verbatim files go: the set's folder for mitdb (used as is), a physionet/ subfolder for the converted ones. */
const rawDirOf = (set: DataSet, dir: string) => (set.name === 'mitdb' ? dir : join(dir, 'physionet'));

export async function fetchDataSet(name: DataSetName, opts: FetchOptions): Promise<void> {
  const set = DATA_SETS[name];
  const log = opts.log ?? ((s: string) => void process.stderr.write(s + '\n'));
  const dir = join(opts.dataDir, set.folder);
  if (opts.from) {
    const mirror = [join(opts.from, set.folder), opts.from].find((d) => existsSync(join(d, set.ready)) || existsSync(join(d, 'SHA256SUMS.txt')));
    if (!mirror) throw new FetchError(`--from ${opts.from}: neither ${join(opts.from, set.folder)} nor ${opts.from} holds the ${set.title} (no ${set.ready} or SHA256SUMS.txt); point --from at the folder that contains ${set.folder}/`);
    // This project's layout (mitdb's is PhysioNet's own) is copied and checked; PhysioNet's files are converted.
    if (existsSync(join(mirror, set.ready))) return copyMirror(set, mirror, dir, log);
    return download(set, dir, { get: (file) => readLocal(mirror, file), where: mirror }, opts, log);
  }
  const base = (opts.baseUrl ?? PHYSIONET_FILES).replace(/\/+$/, '');
  return download(set, dir, { get: (file, from) => readHttp(`${base}/${set.physionet}/${file}`, from), where: `${base}/${set.physionet}/` }, opts, log);
}

interface Source {
  /** The file's bytes from offset `from` (a resumed download), with whether the source honoured the offset. */
  get(file: string, from?: number): Promise<{ body: Readable; resumed: boolean; size?: number }>;
  where: string;
}

async function readLocal(dir: string, file: string): Promise<{ body: Readable; resumed: boolean; size?: number }> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new FetchError(`${path} is missing from the mirror`);
  return { body: createReadStream(path), resumed: false, size: statSync(path).size };
}

async function readHttp(url: string, from = 0): Promise<{ body: Readable; resumed: boolean; size?: number }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: from > 0 ? { Range: `bytes=${from}-` } : {} });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError(`cannot reach ${url} (${cause?.code ?? cause?.message ?? (e as Error).message}): check the network or proxy and run the command again (finished files are kept), or copy the data from a local mirror with --from DIR`);
  }
  if (res.status === 416 && from > 0) return readHttp(url, 0);
  if (!res.ok || !res.body) throw new FetchError(`${url}: HTTP ${res.status} ${res.statusText}${res.status === 404 ? ' (is the base URL right? default https://physionet.org/files)' : ''}`);
  const length = Number(res.headers.get('content-length'));
  return { body: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), resumed: res.status === 206, size: Number.isFinite(length) && length > 0 ? length : undefined };
}

async function download(set: DataSet, dir: string, source: Source, opts: FetchOptions, log: (s: string) => void): Promise<void> {
  const raw = rawDirOf(set, dir);
  mkdirSync(raw, { recursive: true });
  log(`data:fetch ${set.name}: ${set.title}\n  from ${source.where} into ${dir}`);
  const sumsText = await readAllText(await source.get('SHA256SUMS.txt'));
  const sums = parseSha256Sums(sumsText);
  const files = [...sums.keys()].filter(WANTED[set.name]).sort();
  if (files.length === 0) throw new FetchError(`${source.where}SHA256SUMS.txt lists none of the ${set.name} files; is this the ${set.physionet} project?`);
  const bar = new ProgressBar({ label: `data:fetch ${set.name}`, unit: 'files', total: files.length, stream: opts.progress, intervalMs: 0 });
  let fetched = 0;
  let bytes = 0;
  for (const file of files) {
    const target = join(raw, file);
    const expected = sums.get(file) as string;
    if (existsSync(target) && (await sha256File(target)) === expected) {
      bar.add();
      continue; // already there and intact: a second run, or a resumed one
    }
    const part = `${target}.part`;
    const have = existsSync(part) ? statSync(part).size : 0;
    const got = await source.get(file, have);
    await pipeline(got.body, createWriteStream(part, { flags: got.resumed ? 'a' : 'w' }));
    const actual = await sha256File(part);
    if (actual !== expected) {
      rmSync(part, { force: true });
      throw new FetchError(`${file}: SHA-256 ${actual} does not match ${expected} from ${source.where}SHA256SUMS.txt; the file was removed: run the command again (a proxy or a partial transfer may have corrupted it)`);
    }
    renameSync(part, target);
    fetched++;
    bytes += statSync(target).size;
    bar.add();
  }
  bar.finish();
  log(`  ${files.length} files verified against SHA256SUMS.txt (${fetched} downloaded, ${(bytes / 1e6).toFixed(1)} MB; ${files.length - fetched} already there)`);
  if (set.name === 'afdb') convertAfdb(raw, dir, files, log);
  if (set.name === 'mimic3-demo') {
    log('  deriving the import layout (vitals_chartevents.csv, …) from CHARTEVENTS.csv …');
    const n = await convertMimicDemo(raw, dir, (rows) => opts.progress !== null && process.stderr.write(`\r  CHARTEVENTS ${rows} rows read`));
    if (opts.progress !== null) process.stderr.write('\n');
    log(`  ${n.vitals} charted vitals and rhythm rows, ${n.outputs} output rows`);
  }
  // The ready marker last: a set interrupted halfway is never taken for a complete one.
  writeFileSync(join(raw, 'SHA256SUMS.txt'), sumsText);
  writeSource(set, dir, `downloaded from ${source.where}, every file checked against its SHA256SUMS.txt`);
  log(`data:fetch ${set.name}: ready in ${dir}`);
}

function convertAfdb(raw: string, dir: string, files: string[], log: (s: string) => void): void {
  const records = files.filter((f) => f.endsWith('.qrs')).map((f) => basename(f, '.qrs'));
  mkdirSync(join(dir, 'beats'), { recursive: true });
  const spans: string[] = [RHYTHM_SPANS_HEADER];
  for (const rec of records) {
    const fs = existsSync(join(raw, `${rec}.hea`)) ? parseHeader(readFileSync(join(raw, `${rec}.hea`), 'utf8'), `${rec}.hea`).fs : 250;
    const qrs = parseAnnotations(readFileSync(join(raw, `${rec}.qrs`)), `${rec}.qrs`);
    const atr = parseAnnotations(readFileSync(join(raw, `${rec}.atr`)), `${rec}.atr`);
    writeFileSync(join(dir, 'beats', `${rec}.csv`), afdbBeatsCsv(qrs, atr, fs));
    spans.push(...afdbRhythmSpans(rec, atr, fs));
  }
  writeFileSync(join(dir, 'rhythm_spans.csv'), spans.join('\n') + '\n');
  log(`  ${records.length} records converted to beats/<REC>.csv and rhythm_spans.csv (${spans.length - 1} rhythm spans)`);
}

async function copyMirror(set: DataSet, mirror: string, dir: string, log: (s: string) => void): Promise<void> {
  log(`data:fetch ${set.name}: copying ${mirror} into ${dir}`);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(mirror, staging, { recursive: true });
  let note = 'no SHA256SUMS.txt in the mirror: copied as is, not verified';
  const sumsPath = join(staging, 'SHA256SUMS.txt');
  if (existsSync(sumsPath)) {
    const sums = parseSha256Sums(readFileSync(sumsPath, 'utf8'));
    let checked = 0;
    for (const [file, expected] of sums) {
      const path = join(staging, file);
      if (!existsSync(path)) continue; // the mirror keeps a subset (no signal files)
      const actual = await sha256File(path);
      if (actual !== expected) {
        rmSync(staging, { recursive: true, force: true });
        throw new FetchError(`${join(mirror, file)}: SHA-256 ${actual} does not match its SHA256SUMS.txt (${expected}); the mirror is damaged: fetch from PhysioNet instead (without --from)`);
      }
      checked++;
    }
    note = `${checked} files verified against the mirror's SHA256SUMS.txt`;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  writeSource(set, dir, `copied from the mirror ${mirror} (${note})`, true);
  log(`  ${countFiles(dir)} files; ${note}\ndata:fetch ${set.name}: ready in ${dir}`);
}

/** A FETCHED.md beside the data: where it came from, its licence and how to cite it. */
function writeSource(set: DataSet, dir: string, how: string, keepExisting = false): void {
  const text = `# ${set.title}\n\nFetched by \`npm run data:fetch -- ${set.name}\` on ${new Date().toISOString()}: ${how}.\n\n- PhysioNet: https://physionet.org/content/${set.physionet}/\n- Licence: ${set.licence}\n- Cite: ${set.cite}\n\nNot part of the repository (data/ is git-ignored); the committed excerpt is fixtures/${set.folder}/.\n`;
  if (!keepExisting || !existsSync(join(dir, 'FETCHED.md'))) writeFileSync(join(dir, 'FETCHED.md'), text);
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function readAllText(got: { body: Readable }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of got.body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}
