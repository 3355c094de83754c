/**
 * `npm run data:fetch -- <afdb|mitdb|mimic3-demo|all> [--from DIR] [--base-url URL]`: the full public data
 * sets into data/<folder> (git-ignored), from PhysioNet with every file's SHA-256 checked against the
 * project's SHA256SUMS.txt, or from a local mirror (--from). Safe to run again: intact files are kept,
 * an interrupted download resumes. The base URL can also come from VIGIL_DATA_BASE_URL.
 */
import { InputError, parseArgs, str } from '../args';
import { WfdbError } from '../afdb/wfdb';
import { dataDir } from '../repo-root';
import { fetchDataSet, FetchError, PHYSIONET_FILES } from './data-fetch';
import { DATA_SET_NAMES, DATA_SETS, type DataSetName } from './data-sets';

const USAGE = `usage: npm run data:fetch -- <${DATA_SET_NAMES.join('|')}|all> [--from DIR] [--base-url URL]

${DATA_SET_NAMES.map((n) => `  ${n.padEnd(12)} ${DATA_SETS[n].title}\n  ${''.padEnd(12)} → data/${DATA_SETS[n].folder} (https://physionet.org/content/${DATA_SETS[n].physionet}/)`).join('\n')}

  --from DIR      copy from a local mirror: DIR/<folder> in this layout (verified when it has a
                  SHA256SUMS.txt), or a copy of PhysioNet's files (verified and converted)
  --base-url URL  PhysioNet's file tree or a mirror of it (default ${PHYSIONET_FILES}; env VIGIL_DATA_BASE_URL)
`;

export async function dataFetchMain(argv: string[], env: NodeJS.ProcessEnv = process.env, err: (s: string) => void = (s) => void process.stderr.write(s), data = dataDir): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    err(USAGE);
    return 0;
  }
  try {
    const args = parseArgs(argv, { valued: ['from', 'base-url'], positionals: 1 });
    const [what] = args.positionals;
    if (!what) throw new InputError('name a data set');
    if (what !== 'all' && !DATA_SET_NAMES.includes(what as DataSetName)) throw new InputError(`unknown data set "${what}"`);
    const names = what === 'all' ? DATA_SET_NAMES : [what as DataSetName];
    for (const name of names) {
      await fetchDataSet(name, { dataDir: data, from: str(args, 'from'), baseUrl: str(args, 'base-url') ?? env['VIGIL_DATA_BASE_URL'], log: (s) => err(s + '\n') });
    }
    return 0;
  } catch (e) {
    if (e instanceof FetchError || e instanceof WfdbError) {
      err(`data:fetch: ${e.message}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      err(`data:fetch: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  dataFetchMain(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`data:fetch: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
