import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../repo-root';

/** The public data sets `npm run data:fetch` gets from PhysioNet into data/<folder> (git-ignored). */
export type DataSetName = 'afdb' | 'mitdb' | 'mimic3-demo';

export interface DataSet {
  name: DataSetName;
  /** Folder under data/ (the same names as the team's mirror, so `--from DIR` copies folder by folder). */
  folder: string;
  title: string;
  /** PhysioNet project path under https://physionet.org/files/. */
  physionet: string;
  /** A file whose presence means the set is ready to use (written last by the fetch). */
  ready: string;
  licence: string;
  cite: string;
}

export const DATA_SETS: Readonly<Record<DataSetName, DataSet>> = {
  afdb: {
    name: 'afdb',
    folder: 'afdb-mitbih-af',
    title: 'MIT-BIH Atrial Fibrillation Database (25 ten-hour records, RR intervals and reference rhythms)',
    physionet: 'afdb/1.0.0',
    ready: 'rhythm_spans.csv',
    licence: 'Open Data Commons Attribution License v1.0',
    cite: 'Moody GB, Mark RG. A new method for detecting atrial fibrillation using R-R intervals. Computers in Cardiology 10:227-230 (1983); Goldberger AL et al. PhysioBank, PhysioToolkit, and PhysioNet. Circulation 101(23):e215 (2000)',
  },
  mitdb: {
    name: 'mitdb',
    folder: 'mitdb-arrhythmia',
    title: 'MIT-BIH Arrhythmia Database (48 half-hour records, hand-annotated beats and rhythms)',
    physionet: 'mitdb/1.0.0',
    ready: 'SHA256SUMS.txt',
    licence: 'Open Data Commons Attribution License v1.0',
    cite: 'Moody GB, Mark RG. The impact of the MIT-BIH Arrhythmia Database. IEEE Eng Med Biol 20(3):45-50 (2001); Goldberger AL et al. Circulation 101(23):e215 (2000)',
  },
  'mimic3-demo': {
    name: 'mimic3-demo',
    folder: 'mimic3-demo',
    title: 'MIMIC-III Clinical Database Demo 1.4 (100 ICU patients: vitals, rhythm, urine output, labs)',
    physionet: 'mimiciii-demo/1.4',
    ready: 'vitals_chartevents.csv',
    licence: 'Open Database License v1.0 (attribution; share derived databases alike)',
    cite: 'Johnson A, Pollard T, Mark R. MIMIC-III Clinical Database Demo (version 1.4). PhysioNet (2019), doi:10.13026/C2HM2Q',
  },
};

export const DATA_SET_NAMES = Object.keys(DATA_SETS) as DataSetName[];

/** data/<folder> of a set. */
export function dataSetDir(name: DataSetName): string {
  return join(dataDir, DATA_SETS[name].folder);
}

/** Why a data directory cannot be used and the exact command that fixes it, or null when it is ready. */
export function missingData(name: DataSetName, dir: string): string | null {
  if (existsSync(join(dir, DATA_SETS[name].ready))) return null;
  const set = DATA_SETS[name];
  return `${dir} does not hold the ${set.title}${existsSync(dir) ? ` (no ${set.ready})` : ''}.
  Get it with:  npm run data:fetch -- ${name}
  (downloads it from https://physionet.org/content/${set.physionet}/ into data/${set.folder}, checksums verified;
   --from DIR copies it from a local mirror instead), or pass the directory of a copy you already have.
`;
}
