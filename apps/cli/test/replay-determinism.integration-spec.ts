import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClinicalEvent } from '@vigil/contracts';
import { replayStream } from '@vigil/rules';
import { simulateWard } from '../src/simulate/ward-simulator';
import { readRecording } from '../src/live/stream-file';
import { replayLive } from '../src/live/live-replay';
import { record } from '../src/commands/record.command';
import { MllpSender } from '../src/live/mllp-sender';
import { startService, type ServiceProcess } from '@vigil/testing';

/** What must be identical between a live and an offline run. */
const key = (t: { type: string; at: string; alert: { id: string; severity: string; state: string } }) => `${t.alert.id} ${t.type} ${new Date(t.at).toISOString()} ${t.alert.severity} ${t.alert.state}`;
const parse = (text: string) => text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ClinicalEvent);

// Event times must lie after the demo ward's admissions (wall clock − 1 h) so the service's event clock
// (VIGIL_CLOCK=events) advances at every simulated time, exactly as the offline replay's does.
const START = '2090-01-07T06:00:00.000Z';

describe('replay determinism: live through the real service vs offline', () => {
  let svc: ServiceProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-det-'));
    svc = await startService({ VIGIL_CLOCK: 'events' });
  }, 90_000);
  afterAll(async () => {
    await svc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a simulated 12-hour, 10-bed ward replayed over HTTP at max speed gives the offline transitions', async () => {
    const ward = simulateWard({ patients: 10, hours: 12, seed: 'det', start: START });
    const file = join(dir, 'ward.ndjson');
    writeFileSync(file, ward.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const offline = replayStream(parse(readFileSync(file, 'utf8'))).map(key);

    const { events } = readRecording(file);
    const live = await replayLive(events, {
      target: svc.url,
      apiKey: 'demo-device-key',
      speed: 1,
      max: true,
      shiftToNow: false,
      via: 'http',
      batchSize: 500,
      alerts: true,
      username: 'admin',
      password: 'vigil-demo',
      // Waits for as many transitions as offline gave (up to 30 s), then 2 s more: extra ones still show.
      settleMs: 2000,
      expectTransitions: offline.length,
      wards: [],
      progress: null,
    });
    expect(live.rejected).toBe(0);
    expect(live.accepted).toBe(ward.events.length);
    const rules = new Set(live.transitions.map((t) => t.alert.rule));
    for (const r of ['hypotension', 'oliguria', 'af_rhythm', 'fever']) expect(rules).toContain(r);
    expect(offline.length).toBeGreaterThan(30);
    expect(live.transitions.map(key)).toEqual(offline);

    // The recording exported back from the service replays offline to the same transitions.
    const recorded = join(dir, 'recorded.ndjson');
    const n = await record({ target: svc.url, ward: 'W-SIM', out: recorded, username: 'admin', password: 'vigil-demo', progress: null });
    expect(n).toBe(ward.events.length);
    expect(replayStream(parse(readFileSync(recorded, 'utf8'))).map(key)).toEqual(offline);
  }, 90_000);

  it('--via mllp delivers what HL7 v2 carries over MLLP and the rest over HTTP, in order', async () => {
    const ward = simulateWard({ patients: 2, hours: 1, seed: 'mllp', start: '2090-02-01T06:00:00.000Z', wardId: 'W-MLLP' });
    const file = join(dir, 'mllp.ndjson');
    writeFileSync(file, ward.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const sender = new MllpSender(`127.0.0.1:${svc.mllpPort}`, svc.url, 'demo-device-key');
    await sender.connect();
    try {
      const { events } = readRecording(file);
      const r = await replayLive(events, { target: svc.url, apiKey: 'demo-device-key', speed: 1, max: true, shiftToNow: false, via: 'mllp', sendMllp: (b) => sender.send(b), batchSize: 100, alerts: false, username: 'admin', password: 'vigil-demo', settleMs: 0, wards: [], progress: null });
      expect(r.rejected).toBe(0);
      expect(r.accepted).toBe(ward.events.length);
    } finally {
      sender.close();
    }
    const recorded = join(dir, 'mllp-recorded.ndjson');
    await record({ target: svc.url, ward: 'W-MLLP', out: recorded, username: 'admin', password: 'vigil-demo', progress: null });
    const back = parse(readFileSync(recorded, 'utf8'));
    const vitals = back.filter((e) => e.type === 'vitals' && e.id.startsWith('hl7:'));
    expect(vitals.length).toBeGreaterThanOrEqual(ward.events.filter((e) => e.type === 'vitals').length);
    expect(back.filter((e) => e.type === 'rr' && !e.id.startsWith('hl7:')).length).toBe(ward.events.filter((e) => e.type === 'rr').length);
    const firstSim = ward.events.find((e) => e.type === 'vitals' && e.patientId.endsWith('P01'));
    expect(back.some((e) => e.type === 'vitals' && e.patientId === firstSim?.patientId && e.time === firstSim?.time && e.type === firstSim.type && e.sbp === (firstSim as { sbp?: number }).sbp)).toBe(true);
  }, 60_000);
});
