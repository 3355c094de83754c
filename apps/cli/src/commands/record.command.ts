import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { str, type OptionSpec, type ParsedArgs } from '../args';
import { ProgressBar } from '../progress/progress-bar';
import { baseUrl, login, ServiceError } from '../live/service-client';

export const RECORD_OPTIONS: OptionSpec = { valued: ['ward', 'patient', 'from', 'to', 'out', 'target', 'username', 'password', 'token'] };

export interface RecordOptions {
  target: string;
  ward?: string;
  patient?: string;
  from?: string;
  to?: string;
  out?: string;
  token?: string;
  username: string;
  password: string;
  progress?: NodeJS.WriteStream | null;
}

/**
 * `vigil record --ward W | --patient P [--from T1] [--to T2] [--out F] [--target URL]`: streams
 * GET /api/events/export (the canonical log, clinician actions included) to a file or stdout, with
 * a progress counter on stderr. Returns the number of events written.
 */
export async function record(opts: RecordOptions, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!opts.ward === !opts.patient) throw new ServiceError('give exactly one of --ward W or --patient P');
  for (const [k, v] of [['from', opts.from], ['to', opts.to]] as const) if (v !== undefined && Number.isNaN(Date.parse(v))) throw new ServiceError(`--${k} must be an ISO time such as 2026-11-26T08:00:00Z (got "${v}")`);
  if (opts.from !== undefined && opts.to !== undefined && Date.parse(opts.to) < Date.parse(opts.from)) throw new ServiceError(`--to (${opts.to}) is before --from (${opts.from})`);
  const token = opts.token ?? (await login(opts.target, opts.username, opts.password));
  const q = new URLSearchParams();
  if (opts.ward) q.set('wardId', opts.ward);
  if (opts.patient) q.set('patientId', opts.patient);
  if (opts.from) q.set('from', new Date(Date.parse(opts.from)).toISOString());
  if (opts.to) q.set('to', new Date(Date.parse(opts.to)).toISOString());
  const res = await fetch(`${baseUrl(opts.target)}/api/events/export?${q}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) {
    const text = await res.text();
    throw new ServiceError(`export answered ${res.status}: ${text.slice(0, 300)}${res.status === 403 ? ' (log in as a user assigned to that ward, or an admin)' : ''}`);
  }
  const sink: NodeJS.WritableStream | WriteStream = opts.out ? createWriteStream(opts.out) : stdout;
  const bar = new ProgressBar({ label: `record ${opts.ward ? `ward ${opts.ward}` : `patient ${opts.patient}`}`, stream: opts.progress, extra: () => `${(bytes / 1e6).toFixed(1)} MB` });
  let bytes = 0;
  let lines = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const text = decoder.decode(chunk, { stream: true });
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    lines += n;
    if (!sink.write(text)) await once(sink, 'drain');
    bar.add(n);
  }
  const tail = decoder.decode();
  if (tail) sink.write(tail);
  if (opts.out) {
    (sink as WriteStream).end();
    await once(sink, 'finish');
  }
  bar.finish(`recorded ${lines} events (${(bytes / 1e6).toFixed(2)} MB)${opts.out ? ` → ${opts.out}` : ''}`);
  if (lines === 0) process.stderr.write(`nothing recorded: check the ${opts.ward ? `ward id (${opts.ward})` : `patient id (${opts.patient})`} and the --from/--to range\n`);
  return lines;
}

export async function recordMain(args: ParsedArgs, err: (s: string) => void): Promise<number> {
  try {
    await record({
      target: str(args, 'target') ?? 'http://localhost:3000',
      ward: str(args, 'ward'),
      patient: str(args, 'patient'),
      from: str(args, 'from'),
      to: str(args, 'to'),
      out: str(args, 'out'),
      token: str(args, 'token'),
      username: str(args, 'username') ?? 'admin',
      password: str(args, 'password') ?? 'vigil-demo',
    });
    return 0;
  } catch (e) {
    err(`vigil record: ${(e as Error).message}\n`);
    return e instanceof ServiceError ? 2 : 1;
  }
}
