import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's fixtures/ (libs/interop/test → repo root is three levels up); see fixtures/README.md. */
export const FIXTURES = path.resolve(__dirname, '../../..', 'fixtures');

/** Every data file under a folder, as paths relative to it (documentation files excluded). */
export function dataFiles(folder: string, exclude: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (!exclude.test(name)) out.push(path.relative(folder, full));
    }
  };
  walk(folder);
  return out;
}

export function readText(folder: string, file: string): string {
  return fs.readFileSync(path.join(folder, file), 'utf8');
}
