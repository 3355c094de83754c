import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';
import { MllpServer } from '../src/mllp/mllp.server';
import { PRISMA } from '../src/database/prisma.token';
import type { PrismaClient } from '../src/prisma/generated/client';

const VT = '\x0b';
const FS = '\x1c';
const CR = '\r';
const frame = (m: string) => `${VT}${m}${FS}${CR}`;
const msa = (ack: string) => ack.split(CR).find((s) => s.startsWith('MSA'))!.split('|');

const oru = (controlId: string, patientId: string, sbp: number, time = '20261126101500+0000') =>
  [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${time}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PID|||${patientId}^^^HOSP^MR||Moreau^Claire`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${time}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||${time}`,
  ].join(CR);
const adtA08 = (controlId: string, patientId: string, name: string) =>
  [`MSH|^~\\&|ADT|HOSP|VIGIL|HOSP|20261126090000+0000||ADT^A08|${controlId}|P|2.5`, 'EVN|A08|20261126090000+0000', `PID|||${patientId}^^^HOSP^MR||${name}`, 'PV1|1|I|W-DEMO^12^B'].join(CR);

/** A CA, the service's certificate, client certificates from that CA, and an impostor's from another CA: made with the openssl CLI. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string, cn: string) => ssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`);
  let serial = 1;
  const issue = (name: string, subject: string, caName: string, ext?: string) => {
    ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const extArgs: string[] = [];
    if (ext) {
      writeFileSync(join(dir, `${name}.ext`), ext);
      extArgs.push('-extfile', `${name}.ext`);
    }
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.crt`, '-CAkey', `${caName}.key`, '-set_serial', String(serial++), '-out', `${name}.crt`, '-days', '2', ...extArgs);
  };
  ca('ca', 'Vigil Test Hospital CA');
  ca('rogue-ca', 'Somebody Else CA');
  issue('server', '/CN=localhost', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue('monitor', '/O=Test Hospital/CN=monitor-gw-1', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue('adt', '/O=Test Hospital/CN=adt-engine', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue('impostor', '/O=Test Hospital/CN=adt-engine', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFileSync(join(dir, f));
  return { read, file: (f: string) => join(dir, f) };
}

interface TlsOutcome {
  acks: string[];
  /** Why the connection ended without an ACK (handshake refused, reset), if it did. */
  error?: string;
  /** The connection was still open after 10 s (the server neither answered nor closed it). */
  timedOut: boolean;
}

/** A real MLLP-over-TLS peer: connects, sends `payload`, collects ACKs until `expected` arrive or the server closes. */
function tlsPeer(port: number, options: ConnectionOptions, payload: string, expected: number): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const acks: string[] = [];
    let buffer = '';
    let error: string | undefined;
    let timedOut = false;
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => socket.write(payload));
    const timer = setTimeout(() => ((timedOut = true), socket.destroy()), 10_000);
    socket.on('data', (d) => {
      buffer += d.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf(FS + CR)) >= 0) {
        acks.push(buffer.slice(buffer.indexOf(VT) + 1, end));
        buffer = buffer.slice(end + 2);
      }
      if (acks.length >= expected) socket.end();
    });
    socket.on('error', (e) => (error = e.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ acks, error, timedOut });
    });
  });
}

/**
 * Issue 17, finding 4: MLLP over TLS with client certificates. A peer with a certificate from the
 * configured CA is accepted and recorded by its subject; no certificate, or one from another CA, is
 * refused at the handshake. Plain MLLP stays governed by its address allow-list.
 */
describe.each(databaseKinds)('MLLP over TLS with client certificates on %s', (kind) => {
  let app: TestApp;
  let tlsPort: number;
  let plainPort: number;
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);
  const as = (name: string): ConnectionOptions => ({ ca: certs.read('ca.crt'), key: certs.read(`${name}.key`), cert: certs.read(`${name}.crt`) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-mllp-tls-'));
    certs = makeCertificates(dir);
    app = await startTestApp(kind, {
      MLLP_EPHEMERAL: '1',
      // Plain MLLP only from a network the test is not on: loopback peers must use TLS.
      MLLP_ALLOWED_PEERS: '10.9.8.0/24',
      MLLP_TLS_PORT: '0',
      MLLP_TLS_KEY_FILE: certs.file('server.key'),
      MLLP_TLS_CERT_FILE: certs.file('server.crt'),
      MLLP_TLS_CA_FILE: certs.file('ca.crt'),
      MLLP_TLS_ADT_SUBJECTS: 'adt-engine',
    });
    const mllp = app.running.app.get(MllpServer);
    tlsPort = mllp.tlsPort;
    plainPort = mllp.port;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('accepts a peer with a client certificate from the CA (AA) and records its certificate subject as the sender', async () => {
    expect(tlsPort).toBeGreaterThan(0);
    const got = await tlsPeer(tlsPort, as('monitor'), frame(oru(`${kind}-tls-1`, 'P-DEMO-01', 117)), 1);
    expect(got.error).toBeUndefined();
    expect(msa(got.acks[0]).slice(1, 3)).toEqual(['AA', `${kind}-tls-1`]);
    const stored = await prisma().clinicalEvent.findMany({ where: { sender: { startsWith: 'mllp-tls:' } } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((e) => [e.sender, e.channel])).toContainEqual(['mllp-tls:O=Test Hospital,CN=monitor-gw-1', 'mllp']);
  });

  it('refuses a peer without a client certificate, and one whose certificate is from another CA: nothing read, nothing stored', async () => {
    const none = await tlsPeer(tlsPort, { ca: certs.read('ca.crt') }, frame(oru(`${kind}-tls-nocert`, 'P-DEMO-01', 60)), 1);
    // The server ends the handshake (TLS 1.3: the client may learn it as an alert or just a close).
    expect(none).toMatchObject({ acks: [], timedOut: false });
    const impostor = await tlsPeer(tlsPort, as('impostor'), frame(adtA08(`${kind}-tls-rogue`, 'P-DEMO-02', 'Renamed^Mallory')), 1);
    expect(impostor).toMatchObject({ acks: [], timedOut: false });
    const ids = (await prisma().clinicalEvent.findMany({ select: { id: true, payload: true } })).map((e) => JSON.stringify(e));
    expect(ids.join('\n')).not.toMatch(/tls-nocert|tls-rogue|Mallory/);
    const physician = await app.login('physician');
    expect((await app.request('GET', '/api/patients/P-DEMO-02', { token: physician.token })).body.displayName).not.toMatch(/Mallory/);
  });

  it('accepts ADT only from certificate subjects on MLLP_TLS_ADT_SUBJECTS', async () => {
    const monitor = await tlsPeer(tlsPort, as('monitor'), frame(adtA08(`${kind}-tls-adt-1`, 'P-DEMO-02', 'Renamed^ByMonitor')), 1);
    expect(msa(monitor.acks[0]).slice(1, 3)).toEqual(['AR', `${kind}-tls-adt-1`]);
    expect(monitor.acks[0]).toMatch(/EVENT.ADT_FORBIDDEN/);
    const adt = await tlsPeer(tlsPort, as('adt'), frame(adtA08(`${kind}-tls-adt-2`, 'P-DEMO-02', 'Okafor^Beatrice')), 1);
    expect(msa(adt.acks[0]).slice(1, 3)).toEqual(['AA', `${kind}-tls-adt-2`]);
  });

  it('keeps plain MLLP governed by the address allow-list: a loopback peer is closed before a byte is read', async () => {
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      const socket = tcpConnect(plainPort, '127.0.0.1', () => socket.write(frame(oru(`${kind}-plain-1`, 'P-DEMO-01', 61))));
      socket.on('data', (d) => (got += d));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(got));
    });
    expect(answer).toBe('');
    expect(await prisma().clinicalEvent.count({ where: { sender: 'mllp:127.0.0.1' } })).toBe(0);
  });
});
