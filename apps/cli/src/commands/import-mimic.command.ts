import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { str, type OptionSpec, type ParsedArgs } from '../args';
import { repoRoot } from '../repo-root';
import { dataSetDir, missingData } from '../data/data-sets';
import { ProgressBar } from '../progress/progress-bar';
import { ATTRIBUTION, importMimic, NOMINAL_WEIGHT_KG, PLAUSIBLE, URINE_ITEMS } from '../mimic/mimic-import';
import { validateMimic, validationMarkdown } from '../mimic/mimic-validation';

export const IMPORT_OPTIONS: OptionSpec = { valued: ['out'], flags: ['report'], positionals: 2 };

const readme = (stats: ReturnType<typeof importMimic>['stats']) => `# MIMIC-III demo as Vigil canonical streams

${ATTRIBUTION}

One NDJSON file per ICU stay (\`mimic-<icustay_id>.ndjson\`); the first line of each is a
\`{"_comment": …}\` attribution line, which \`vigil replay\` skips. Patient id \`MIMIC-<icustay_id>\`,
ward \`MIMIC-<first care unit>\`, bed = icustay id, MRN = subject id.

- vitals: charted HR, SBP/DBP/MAP (arterial line, arterial #2, NIBP, manual cuff; \`method\` arterial or nibp),
  SpO2, respiratory rate, temperature (°F converted to °C); one event per chart time and BP method.
- rhythm: nurse-charted heart rhythm (items 212, 220048) mapped by an explicit table (AF, flutter, SVT, VT,
  sinus, sinus brady; paced, junctional and AV blocks → other).
- urine: items ${[...URINE_ITEMS].join(', ')}; the collection period runs from the previous urine chart of the stay (1 h for the first).
- lab: serum creatinine (50912, mg/dL) charted during the stay.
- admit at the stay's intime (or its first chart, if earlier), discharge at outtime. The extract has no weights:
  admit \`weightKg\` is a nominal ${NOMINAL_WEIGHT_KG} kg (it matters only for the mL/kg urine criteria).
- dropped as artefacts: rows flagged \`error\`, and values outside ${Object.entries(PLAUSIBLE).map(([k, [lo, hi]]) => `${k} ${lo}–${hi}`).join(', ')} (${stats.droppedImplausible} values).

No RR intervals exist in this extract, so AF_RR cannot fire on these streams. Under the ODbL, share any database
derived from these files under the same licence, with the attribution above.
`;

/** `vigil import mimic DIR [--out OUTDIR] [--report]`: one canonical stream per ICU stay, with attribution. */
export function importMimicMain(args: ParsedArgs, out: (s: string) => void, err: (s: string) => void): number {
  const [what, dirArg] = args.positionals;
  if (what !== 'mimic') {
    err('usage: vigil import mimic [DIR (default data/mimic3-demo)] [--out OUTDIR (default artifacts/mimic3-demo)] [--report]\n');
    return 2;
  }
  const dir = resolve(dirArg ?? dataSetDir('mimic3-demo'));
  if (!existsSync(dir)) {
    err(`vigil import mimic: ${missingData('mimic3-demo', dir)}`);
    return 2;
  }
  const need = ['icustays.csv', 'vitals_chartevents.csv', 'outputevents.csv'];
  const missing = need.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    err(`${dir}: missing ${missing.join(', ')}; point at the MIMIC-III demo as \`npm run data:fetch -- mimic3-demo\` lays it out (fixtures/mimic3-demo/SOURCE.md)\n`);
    return 2;
  }
  // Default under artifacts/ (git-ignored): derived ODbL data does not belong in the repository.
  const outDir = resolve(str(args, 'out') ?? join(repoRoot, 'artifacts/mimic3-demo'));
  const vitals = readFileSync(join(dir, 'vitals_chartevents.csv'), 'utf8');
  const bar = new ProgressBar({ label: 'import mimic: chartevents', unit: 'rows', total: Math.max(0, vitals.split('\n').filter(Boolean).length - 1) });
  let seen = 0;
  const { stays, stats } = importMimic(
    {
      icustays: readFileSync(join(dir, 'icustays.csv'), 'utf8'),
      vitals,
      outputs: readFileSync(join(dir, 'outputevents.csv'), 'utf8'),
      labs: existsSync(join(dir, 'labevents.csv')) ? readFileSync(join(dir, 'labevents.csv'), 'utf8') : undefined,
    },
    (rows) => {
      bar.add(rows - seen);
      seen = rows;
    },
  );
  bar.finish();
  mkdirSync(outDir, { recursive: true });
  const write = new ProgressBar({ label: 'import mimic: writing stays', unit: 'stays', total: stays.length });
  for (const s of stays) {
    const header = { _comment: `${ATTRIBUTION} ICU stay ${s.icustayId} (subject ${s.subjectId}, ${s.careunit}).` };
    writeFileSync(join(outDir, `mimic-${s.icustayId}.ndjson`), [header, ...s.events].map((e) => JSON.stringify(e)).join('\n') + '\n');
    write.add();
  }
  writeFileSync(join(outDir, 'README.md'), readme(stats));
  write.finish(
    `${stats.staysWithData} of ${stats.stays} ICU stays → ${outDir} (${stats.events} events: ${Object.entries(stats.byType).map(([k, v]) => `${k} ${v}`).join(', ')}; dropped ${stats.droppedImplausible} implausible, ${stats.droppedErrorFlag} error-flagged)`,
  );
  if (args.flags.has('report')) out(validationMarkdown(validateMimic(stays)));
  return 0;
}
