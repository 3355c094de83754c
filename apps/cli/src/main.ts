import { parseArgs, str } from './args';
import { validateAf } from './commands/validate-af.command';
import { replay } from './commands/replay.command';
import { simulateMain, SIMULATE_VALUED } from './commands/simulate.command';
import { recordMain, RECORD_VALUED } from './commands/record.command';
import { replayLiveMain, REPLAY_LIVE_VALUED } from './commands/replay-live.command';
import { scoreMain, SCORE_VALUED } from './commands/score.command';
import { importMimicMain, IMPORT_VALUED } from './commands/import-mimic.command';

const USAGE = `vigil <command>

  validate-af [dir] [--records 04015,04043] [--reference rolling|record] [--json]
      Run the AF_RR (Dash 2009) detector over the MIT-BIH AF Database text export
      (default ../shared/data/afdb-mitbih-af) and print window- and episode-level results.
  replay FILE --offline [--expect F] [--thresholds F] [--json] [--workers N|auto]
      Run an NDJSON event stream through the rules engine in-process and print the alert
      transitions; with --expect, compare them with an expected NDJSON file (exit 1 on mismatch).
      --workers: engines in parallel, patients split between them, same transitions in the same
      order (default auto: one per core for streams of 20 MiB and more).
  replay FILE --target URL [--speed N | --max] [--via http|mllp] [--shift-to-now] [--api-key K]
              [--mllp HOST:PORT] [--connections N] [--batch N] [--lanes N] [--no-alerts]
              [--settle-ms MS] [--json]
      Replay a recording into a running service in file order (each patient's order kept), pacing
      events by their times ÷ speed; shows events/s and lag, then the alert transitions seen on /live.
      --lanes N (with --max): N requests in flight, each patient in one lane (order kept per patient).
  record --ward W | --patient P [--from T1] [--to T2] [--out F] [--target URL]
      Stream the service's event log (GET /api/events/export) as canonical NDJSON.
  simulate --patients N --hours H --seed S [--scenario mixed|quiet|leak|af|storm] [--start ISO]
           [--ward W] [--out F] [--truth F]
      A reproducible synthetic HD IL-2 ward as canonical NDJSON (stdout without --out), with the
      ground-truth episodes (default beside --out as F.truth.ndjson) for \`vigil score\`.
  score STREAM --truth TRUTH [--thresholds F] [--before-min 60] [--after-min 60] [--json] [--workers N|auto]
      Replay the stream offline and score each rule against ground-truth episodes: sensitivity,
      PPV, alarms per patient-day, delay from episode start and lead before its worst point.
  import mimic [DIR] [--out OUTDIR] [--report]
      Convert the MIMIC-III demo (default ../shared/data/mimic3-demo) into one canonical NDJSON per
      ICU stay with attribution; --report replays them all offline and prints the VALIDATION tables.
`;

export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ['records', 'reference', 'expect', 'thresholds', 'workers', ...SIMULATE_VALUED, ...RECORD_VALUED, ...REPLAY_LIVE_VALUED, ...SCORE_VALUED, ...IMPORT_VALUED]);
  const out = (s: string) => void process.stdout.write(s);
  const err = (s: string) => void process.stderr.write(s);
  switch (command) {
    case 'validate-af': {
      const reference = str(args, 'reference');
      if (reference !== undefined && reference !== 'rolling' && reference !== 'record') {
        err(`--reference must be rolling or record\n`);
        return 2;
      }
      return validateAf({ dir: args.positionals[0], records: str(args, 'records')?.split(',').map((s) => s.trim()).filter(Boolean), json: args.flags.has('json'), reference }, out, err);
    }
    case 'replay': {
      const file = args.positionals[0];
      if (!file) {
        err(USAGE);
        return 2;
      }
      if (args.flags.has('target') && !args.flags.has('offline')) return replayLiveMain(args, out, err);
      if (!args.flags.has('offline')) {
        err('only --offline replay (in-process engine) is implemented in this command; live replay goes through the ingest API\n');
        return 2;
      }
      return replay({ file, expect: str(args, 'expect'), thresholds: str(args, 'thresholds'), json: args.flags.has('json'), workers: str(args, 'workers') }, out, err);
    }
    case 'record':
      return recordMain(args, err);
    case 'import':
      return importMimicMain(args, out, err);
    case 'score':
      return scoreMain(args, out, err);
    case 'simulate':
      return simulateMain(args, out, err);
    default:
      err(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => (process.exitCode = code),
      (e: Error) => {
        process.stderr.write(`vigil: ${e.message}\n`);
        process.exitCode = 1;
      },
    );
}
