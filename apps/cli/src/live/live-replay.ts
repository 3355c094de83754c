import type { AlertTransition } from '@vigil/contracts';
import { ProgressBar } from '../progress/progress-bar';
import { AlertCollector } from './alert-collector';
import { login, postEvents, ServiceError } from './service-client';
import { shiftEvent, type RecordedEvent } from './stream-file';

export interface LiveReplayOptions {
  target: string;
  apiKey: string;
  /** Speed factor (1 = real time); ignored with max. */
  speed: number;
  max: boolean;
  shiftToNow: boolean;
  via: 'http' | 'mllp';
  /** Sends an NDJSON batch over MLLP instead (set by the caller when via = mllp). */
  sendMllp?: (batch: RecordedEvent[]) => Promise<{ accepted: number; rejected: number }>;
  batchSize: number;
  /**
   * With max: this many ordered lanes in flight at once, each patient always in the same lane (so
   * per-patient order holds, but not the global order an events-clocked service needs to match an
   * offline replay exactly). Default 1.
   */
  lanes?: number;
  /** Collect alert transitions from /live (needs an admin login). */
  alerts: boolean;
  username: string;
  password: string;
  /** After the last event: wait until no transition arrived for this long (ms). */
  settleMs: number;
  /** … and until at least this many transitions arrived (tests that know the count; default 0). */
  expectTransitions?: number;
  wards: string[];
  progress?: NodeJS.WriteStream | null;
  /** Wall clock (ms), injectable for tests. */
  now?: () => number;
}

export interface LiveReplayResult {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  firstRejections: string[];
  seconds: number;
  eventsPerSecond: number;
  /** Largest delay between an event's scheduled send time and its send (paced replays). */
  maxLagMs: number;
  shiftMs: number;
  transitions: AlertTransition[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * --shift-to-now: how far to move every event so none is in the future when it is sent (the service
 * refuses events ahead of its clock). Paced at real time or slower, the first event moves to now and
 * each is sent at its own shifted time; faster or --max, the newest event moves to now. Whole seconds.
 */
export function shiftToNowMs(events: readonly { time: number }[], nowMs: number, opts: { max: boolean; speed: number }): number {
  if (events.length === 0) return 0;
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  const anchor = !opts.max && opts.speed <= 1 ? first : last;
  return Math.floor((nowMs - anchor) / 1000) * 1000;
}

/**
 * Replays a recording into a running service, in file order (so each patient's order is kept), one
 * batch in flight at a time. Paced replays send each event when (its time − the first time) ÷ speed
 * has passed; --max sends as fast as the service acknowledges.
 */
export async function replayLive(events: RecordedEvent[], opts: LiveReplayOptions): Promise<LiveReplayResult> {
  const now = opts.now ?? (() => Date.now());
  const first = events.length ? events[0].time : 0;
  const shiftMs = opts.shiftToNow ? shiftToNowMs(events, now(), opts) : 0;
  const wards = new Set(opts.wards);
  for (const e of events) if (e.wardId && (e.type === 'admit' || e.type === 'transfer')) wards.add(e.wardId);

  let collector: AlertCollector | null = null;
  if (opts.alerts) {
    const token = await login(opts.target, opts.username, opts.password);
    collector = new AlertCollector(opts.target, token);
    await collector.connect();
    for (const w of wards) await collector.subscribe(w);
  }

  let maxLag = 0;
  let lag = 0;
  const bar = new ProgressBar({
    label: `replay → ${opts.target} (${opts.via}${opts.max ? ', max' : `, ×${opts.speed}`})`,
    total: events.length,
    stream: opts.progress,
    extra: () => `lag ${lag.toFixed(0)} ms${collector ? `, ${collector.count} alert transitions` : ''}`,
  });
  const result = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, firstRejections: [] as string[] };
  const t0 = now();
  const started = performance.now();
  // Scheduling follows the running latest time, so an out-of-order line is sent at once, never later.
  let latest = first;
  const due = (e: RecordedEvent) => t0 + (Math.max(latest, e.time) - first) / opts.speed;
  const send = async (batch: RecordedEvent[]) => {
    const lines = shiftMs ? batch.map((e) => ({ ...e, line: shiftEvent(e.line, shiftMs) })) : batch;
    if (opts.via === 'mllp' && opts.sendMllp) {
      const r = await opts.sendMllp(lines);
      result.accepted += r.accepted;
      result.rejected += r.rejected;
    } else {
      const r = await postEvents(opts.target, opts.apiKey, lines.map((e) => e.line).join('\n') + '\n');
      result.accepted += r.accepted;
      result.duplicates += r.duplicates;
      result.rejected += r.rejected.length;
      for (const x of r.rejected) if (result.firstRejections.length < 5) result.firstRejections.push(`${lines[x.index]?.line.slice(0, 120)} — ${x.errors.map((er) => `${er.path}: ${er.message}`).join('; ')}`);
    }
    result.sent += batch.length;
    bar.add(batch.length);
  };
  const lanes = opts.max && opts.via === 'http' ? Math.max(1, Math.floor(opts.lanes ?? 1)) : 1;
  try {
    if (lanes > 1) {
      const laneOf = (id: string) => {
        let h = 0;
        for (let k = 0; k < id.length; k++) h = (Math.imul(h, 31) + id.charCodeAt(k)) >>> 0;
        return h % lanes;
      };
      const split: RecordedEvent[][] = Array.from({ length: lanes }, () => []);
      for (const e of events) split[laneOf(e.patientId)].push(e);
      await Promise.all(
        split.map(async (lane) => {
          for (let k = 0; k < lane.length; k += opts.batchSize) await send(lane.slice(k, k + opts.batchSize));
        }),
      );
    }
    let i = lanes > 1 ? events.length : 0;
    while (i < events.length) {
      const batch: RecordedEvent[] = [];
      if (opts.max) {
        while (i < events.length && batch.length < opts.batchSize) batch.push(events[i++]);
      } else {
        const wait = due(events[i]) - now();
        if (wait > 0) {
          await sleep(Math.min(wait, 100));
          lag = 0;
          continue;
        }
        while (i < events.length && batch.length < opts.batchSize && due(events[i]) <= now()) {
          latest = Math.max(latest, events[i].time);
          batch.push(events[i++]);
        }
        lag = now() - due(batch[0]);
        maxLag = Math.max(maxLag, lag);
      }
      await send(batch);
    }
    const seconds = (performance.now() - started) / 1000;
    bar.finish();
    if (collector) await collector.settle(opts.settleMs, Math.max(30_000, opts.settleMs * 10), opts.expectTransitions ?? 0);
    return { ...result, seconds, eventsPerSecond: seconds > 0 ? result.sent / seconds : 0, maxLagMs: maxLag, shiftMs, transitions: collector?.transitions() ?? [] };
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    throw new ServiceError(`replay stopped after ${result.sent} events: ${(e as Error).message}`);
  } finally {
    collector?.close();
  }
}

/** Per rule: transitions by type and the highest severity seen. */
export function summarizeAlerts(transitions: AlertTransition[]): string {
  if (transitions.length === 0) return 'no alert transitions seen\n';
  const rank = { low: 1, medium: 2, high: 3 } as Record<string, number>;
  const rows = new Map<string, { raised: number; updated: number; escalated: number; acknowledged: number; resolved: number; cancelled: number; top: string; alerts: Set<string> }>();
  for (const t of transitions) {
    const r = rows.get(t.alert.rule) ?? { raised: 0, updated: 0, escalated: 0, acknowledged: 0, resolved: 0, cancelled: 0, top: 'low', alerts: new Set<string>() };
    r[t.type]++;
    r.alerts.add(t.alert.id);
    if ((rank[t.alert.severity] ?? 0) > (rank[r.top] ?? 0)) r.top = t.alert.severity;
    rows.set(t.alert.rule, r);
  }
  const head = `${'rule'.padEnd(14)}${'alerts'.padStart(7)}${'raised'.padStart(8)}${'updated'.padStart(9)}${'escal.'.padStart(8)}${'ack'.padStart(5)}${'resolved'.padStart(10)}${'cancel.'.padStart(9)}  top severity`;
  const lines = [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, r]) => `${rule.padEnd(14)}${String(r.alerts.size).padStart(7)}${String(r.raised).padStart(8)}${String(r.updated).padStart(9)}${String(r.escalated).padStart(8)}${String(r.acknowledged).padStart(5)}${String(r.resolved).padStart(10)}${String(r.cancelled).padStart(9)}  ${r.top}`);
  return `${transitions.length} alert transitions:\n${head}\n${lines.join('\n')}\n`;
}
