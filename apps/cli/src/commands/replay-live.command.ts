import { str, wholeNumber, type OptionSpec, type ParsedArgs } from '../args';
import { readRecording } from '../live/stream-file';
import { replayLive, summarizeAlerts, type LiveReplayOptions } from '../live/live-replay';
import { MllpSender } from '../live/mllp-sender';

export const REPLAY_LIVE_OPTIONS: OptionSpec = {
  valued: ['target', 'speed', 'via', 'api-key', 'batch', 'username', 'password', 'settle-ms', 'ward', 'mllp', 'lanes', 'connections'],
  flags: ['max', 'shift-to-now', 'no-alerts', 'json'],
  positionals: 1,
};

/**
 * `vigil replay FILE --target URL [--speed N | --max] [--via http|mllp] [--shift-to-now] [--api-key K]
 * [--connections N (MLLP, default 4)] [--batch N] [--lanes N (with --max: N ordered lanes, patients hashed to lanes)] [--no-alerts] [--username U --password P] [--settle-ms MS] [--mllp HOST:PORT] [--json]`
 */
export async function replayLiveMain(args: ParsedArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const file = args.positionals[0];
  const target = str(args, 'target');
  if (!file || !target) {
    err('usage: vigil replay FILE --target URL [--speed N | --max] [--via http|mllp] [--shift-to-now] [--api-key K]\n');
    return 2;
  }
  const via = str(args, 'via') ?? 'http';
  if (via !== 'http' && via !== 'mllp') {
    err(`--via must be http or mllp (got "${via}")\n`);
    return 2;
  }
  const speed = Number(str(args, 'speed') ?? '1');
  if (!(speed > 0)) {
    err(`--speed must be a positive number (got "${str(args, 'speed')}"); use --max for as fast as the service takes it\n`);
    return 2;
  }
  const connections = wholeNumber(args, 'connections', 4, 1, 64);
  const { events, skipped, outOfOrder } = readRecording(file);
  if (skipped) err(`${file}: ${skipped} comment/tick line(s) skipped (ticks only drive offline replays)\n`);
  if (outOfOrder)
    err(`${file}: ${outOfOrder} line(s) earlier than a line before them; they are sent in file order, but a service with VIGIL_CLOCK=events sorts each batch by time, so its alerts can differ from \`replay --offline\` (which keeps file order)\n`);
  let mllp: MllpSender | null = null;
  const opts: LiveReplayOptions = {
    target,
    apiKey: str(args, 'api-key') ?? 'demo-device-key',
    speed,
    max: args.flags.has('max'),
    shiftToNow: args.flags.has('shift-to-now'),
    via,
    batchSize: wholeNumber(args, 'batch', 500, 1, 100_000),
    lanes: wholeNumber(args, 'lanes', 1, 1, 64),
    alerts: !args.flags.has('no-alerts'),
    username: str(args, 'username') ?? 'admin',
    password: str(args, 'password') ?? 'vigil-demo',
    settleMs: wholeNumber(args, 'settle-ms', 2000, 0, 600_000),
    wards: str(args, 'ward')?.split(',').filter(Boolean) ?? [],
  };
  try {
    if (via === 'mllp') {
      const sender = new MllpSender(str(args, 'mllp') ?? `${new URL(/^https?:\/\//.test(target) ? target : `http://${target}`).hostname}:2575`, target, opts.apiKey, connections);
      mllp = sender;
      await sender.connect();
      opts.sendMllp = (batch) => sender.send(batch);
    }
    const r = await replayLive(events, opts);
    if (args.flags.has('json')) {
      for (const t of r.transitions) out(JSON.stringify(t) + '\n');
    } else if (opts.alerts) {
      out(summarizeAlerts(r.transitions));
    } else {
      out('alert transitions not collected (--no-alerts)\n');
    }
    err(
      `sent ${r.sent} events in ${r.seconds.toFixed(1)} s (${Math.round(r.eventsPerSecond)} events/s sustained): ${r.accepted} accepted, ${r.duplicates} duplicates, ${r.rejected} rejected` +
        `${opts.max ? '' : `; max lag ${Math.round(r.maxLagMs)} ms`}${r.shiftMs ? `; shifted by ${(r.shiftMs / 3_600_000).toFixed(2)} h` : ''}\n`,
    );
    for (const x of r.firstRejections) err(`  rejected: ${x}\n`);
    if (r.duplicates === r.sent && r.sent > 0) err('every event was a duplicate: this recording is already in the service; use --shift-to-now to replay it as new events\n');
    return r.rejected > 0 ? 1 : 0;
  } catch (e) {
    err(`vigil replay: ${(e as Error).message}\n`);
    return 1;
  } finally {
    mllp?.close();
  }
}
