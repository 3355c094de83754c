import { InputError, parseArgs, str, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { validateAf } from './commands/validate-af.command';
import { DETECTOR_NAMES, type DetectorName } from './afdb/af-validation';
import { replay } from './commands/replay.command';
import { simulateMain, SIMULATE_OPTIONS } from './commands/simulate.command';
import { recordMain, RECORD_OPTIONS } from './commands/record.command';
import { replayLiveMain, REPLAY_LIVE_OPTIONS } from './commands/replay-live.command';
import { scoreMain, SCORE_OPTIONS } from './commands/score.command';
import { importMimicMain, IMPORT_OPTIONS } from './commands/import-mimic.command';
import { versionLine } from './version';

/** Each command's usage, shown by `vigil <command> --help` and, all together, by `vigil --help`. */
const HELP: Record<string, string> = {
  'validate-af': `  validate-af [dir] [--format afdb|mitdb] [--detector ectopy|ectopy-v3|ectopy-v2|ectopy-v1|dash|robust|robust-loose] [--beat-labels]
              [--sustain-windows N] [--resolve-windows N] [--records 04015,04043] [--reference rolling|record] [--json]
      Run the AF_RR detector over an annotated rhythm database and print, per record and in
      total, window Se/Sp/PPV, AF episodes >= 30 s detected, median delay, false alarms per
      non-AF hour and the reference rhythm of false-positive windows.
      --format afdb: the MIT-BIH AF Database as beats/rhythm-span text (default data/afdb-mitbih-af);
      --format mitdb: WFDB .hea/.atr files (default data/mitdb-arrhythmia). Get either with
      npm run data:fetch -- afdb|mitdb (fixtures/ holds a few records of each).
      --detector: ectopy (AF_RR's: ectopic beats recognised from RR, COSEn gate, default), ectopy-v3
      (the same without the COSEn gate), ectopy-v2 (neither the gate nor the TPR relief for labelled beats), ectopy-v1 (neither the relief nor the
      bigeminy/trigeminy pattern test), dash (Dash alone), robust (AF_RR's plus the robust-irregularity
      gate, resolving after 32 windows unless told) or robust-loose (the same gate at 0.4).
      --beat-labels (mitdb): feed the reference beat classes with the RR intervals.
      --sustain-windows: consecutive AF windows that raise (default 2), for the operating-point curve.
      --resolve-windows: consecutive non-AF windows that resolve (default the threshold set's).
`,
  replay: `  replay FILE --offline [--expect F] [--thresholds F] [--json] [--workers N|auto] [--strict]
      Run an NDJSON event stream through the rules engine in-process and print the alert
      transitions; with --expect, compare them with an expected NDJSON file (exit 1 on mismatch).
      --thresholds: a JSON object of engine-wide threshold overrides, e.g. {"sbpLow": 85}.
      --workers: engines in parallel, patients split between them, same transitions in the same
      order (default auto: one per core for streams of 20 MiB and more).
      An invalid field is refused and reported as FILE:LINE: field: problem, the event's other
      fields are kept, and an invalid line is skipped; the rest is replayed. --strict: stop at the
      first invalid line instead (exit 2).
  replay FILE --target URL [--speed N | --max] [--via http|mllp] [--shift-to-now] [--api-key K]
              [--mllp HOST:PORT] [--connections N] [--batch N] [--lanes N] [--no-alerts]
              [--username U --password P] [--ward W] [--settle-ms MS] [--json]
      Replay a recording into a running service in file order (each patient's order kept), pacing
      events by their times ÷ speed; shows events/s and lag, then the alert transitions seen on /live.
      --lanes N (with --max): N requests in flight, each patient in one lane (order kept per patient).
`,
  record: `  record --ward W | --patient P [--from T1] [--to T2] [--out F] [--target URL]
         [--username U --password P | --token T]
      Stream the service's event log (GET /api/events/export) as canonical NDJSON.
`,
  simulate: `  simulate --patients N --hours H --seed S [--scenario mixed|quiet|leak|af|storm] [--start ISO]
           [--ward W] [--out F] [--truth F]
      A reproducible synthetic HD IL-2 ward as canonical NDJSON (stdout without --out), with the
      ground-truth episodes (default beside --out as F.truth.ndjson) for \`vigil score\`.
`,
  score: `  score STREAM --truth TRUTH [--thresholds F] [--before-min 60] [--after-min 60] [--json] [--workers N|auto]
      Replay the stream offline and score each rule against ground-truth episodes: sensitivity,
      PPV, alarms per patient-day, delay from episode start and lead before its worst point. An alarm
      is a confirmed alert (unconfirmed recheck prompts are counted apart); it detects an episode when
      it is open within 1 h of it (--before-min/--after-min), raised there or still open from before.
`,
  import: `  import mimic [DIR] [--out OUTDIR] [--report]
      Convert the MIMIC-III demo (default data/mimic3-demo: npm run data:fetch -- mimic3-demo) into one
      canonical NDJSON per ICU stay with attribution; --report replays them all offline and prints the VALIDATION tables.
`,
};

const USAGE = `vigil <command>   (vigil <command> --help for one; vigil --version)\n\n${Object.values(HELP).join('')}`;

const VALIDATE_AF_OPTIONS: OptionSpec = { valued: ['records', 'reference', 'format', 'detector', 'sustain-windows', 'resolve-windows'], flags: ['json', 'beat-labels'], positionals: 1 };
const REPLAY_OFFLINE_OPTIONS: OptionSpec = { valued: ['expect', 'thresholds', 'workers'], flags: ['offline', 'json', 'strict'], positionals: 1 };

type Out = (s: string) => void;

export async function main(argv: string[], out: Out = (s) => void process.stdout.write(s), err: Out = (s) => void process.stderr.write(s)): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    out(versionLine());
    return 0;
  }
  const help = HELP[command];
  if (!help) {
    err(`vigil: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`usage:\n${help}`);
    return 0;
  }
  try {
    return await run(command, rest, out, err);
  } catch (e) {
    const io = e as NodeJS.ErrnoException;
    if (io.code && io.path) {
      // A file or directory named on the command line that cannot be read or written.
      err(`vigil ${command}: cannot ${io.syscall ?? 'use'} ${io.path} (${io.code}); check the path\n`);
      return 2;
    }
    if (!(e instanceof InputError)) throw e;
    err(`vigil ${command}: ${e.message}\n${e instanceof UsageError ? `  (vigil ${command} --help lists its options)\n` : ''}`);
    return 2;
  }
}

function run(command: string, argv: string[], out: Out, err: Out): number | Promise<number> {
  switch (command) {
    case 'validate-af': {
      const args = parseArgs(argv, VALIDATE_AF_OPTIONS);
      const reference = str(args, 'reference');
      if (reference !== undefined && reference !== 'rolling' && reference !== 'record') throw new UsageError(`--reference must be rolling or record (got "${reference}")`);
      const format = str(args, 'format');
      if (format !== undefined && format !== 'afdb' && format !== 'mitdb') throw new UsageError(`--format must be afdb or mitdb (got "${format}")`);
      const detector = str(args, 'detector');
      if (detector !== undefined && !(DETECTOR_NAMES as readonly string[]).includes(detector))
        throw new UsageError(`--detector must be one of ${DETECTOR_NAMES.join(', ')} (got "${detector}")`);
      const sustain = str(args, 'sustain-windows');
      if (sustain !== undefined && !/^[1-9]\d{0,2}$/.test(sustain)) throw new UsageError(`--sustain-windows must be a whole number from 1 to 999 (got "${sustain}")`);
      const resolveW = str(args, 'resolve-windows');
      if (resolveW !== undefined && !/^[1-9]\d{0,2}$/.test(resolveW)) throw new UsageError(`--resolve-windows must be a whole number from 1 to 999 (got "${resolveW}")`);
      return validateAf(
        { dir: args.positionals[0], records: str(args, 'records')?.split(',').map((s) => s.trim()).filter(Boolean), json: args.flags.has('json'), reference, format, beatLabels: args.flags.has('beat-labels'), detector: detector as DetectorName | undefined, sustainWindows: sustain === undefined ? undefined : Number(sustain), resolveWindows: resolveW === undefined ? undefined : Number(resolveW) },
        out,
        err,
      );
    }
    case 'replay': {
      const offline = argv.includes('--offline');
      const live = argv.some((a) => a === '--target' || a.startsWith('--target='));
      if (offline === live)
        throw new UsageError(offline ? '--offline and --target exclude each other: replay in-process (--offline) or into a service (--target URL)' : 'say where to replay: --offline (the rules engine in-process) or --target URL (a running service)');
      const args = parseModeArgs(argv, offline ? REPLAY_OFFLINE_OPTIONS : REPLAY_LIVE_OPTIONS, offline ? REPLAY_LIVE_OPTIONS : REPLAY_OFFLINE_OPTIONS, offline ? 'live replay (--target URL)' : '--offline replay');
      if (!args.positionals[0]) throw new UsageError('name the recording to replay: vigil replay FILE …');
      if (live) return replayLiveMain(args, out, err);
      return replay({ file: args.positionals[0], expect: str(args, 'expect'), thresholds: str(args, 'thresholds'), json: args.flags.has('json'), workers: str(args, 'workers'), strict: args.flags.has('strict') }, out, err);
    }
    case 'record':
      return recordMain(parseArgs(argv, RECORD_OPTIONS), err);
    case 'import':
      return importMimicMain(parseArgs(argv, IMPORT_OPTIONS), out, err);
    case 'score':
      return scoreMain(parseArgs(argv, SCORE_OPTIONS), out, err);
    case 'simulate':
      return simulateMain(parseArgs(argv, SIMULATE_OPTIONS), out, err);
    default:
      throw new UsageError(`no such command (${command})`);
  }
}

/** Parses one mode's options; an option of the other mode is named as such rather than as unknown. */
function parseModeArgs(argv: string[], spec: OptionSpec, other: OptionSpec, otherName: string): ParsedArgs {
  try {
    return parseArgs(argv, spec);
  } catch (e) {
    const key = /^unknown option --([\w-]+)/.exec((e as Error).message)?.[1];
    if (key && [...other.valued, ...(other.flags ?? [])].includes(key)) throw new UsageError(`--${key} is for ${otherName} only`);
    throw e;
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
