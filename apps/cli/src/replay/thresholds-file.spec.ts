import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../args';
import { readThresholdsFile } from './thresholds-file';

describe('readThresholdsFile (--thresholds FILE)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-th-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (text: string) => {
    const f = join(dir, 't.json');
    writeFileSync(f, text);
    return f;
  };
  const refusal = (f: string) => {
    try {
      readThresholdsFile(f);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('returns the overrides', () => {
    expect(readThresholdsFile(file('{"sbpLow": 85, "mapLow": 60}'))).toEqual({ sbpLow: 85, mapLow: 60 });
  });

  it('names every bad key: unknown (with the likely one) and not a number', () => {
    const f = file('{"sbplow": 85, "mapLow": "sixty", "colour": 1, "sbpSevere": 75}');
    const m = refusal(f);
    expect(m).toContain(`--thresholds ${f}:`);
    expect(m).toContain('sbplow: not a threshold (did you mean sbpLow?)');
    expect(m).toContain('mapLow: must be a number (got "sixty")');
    expect(m).toContain('colour: not a threshold');
    expect(m).not.toContain('sbpSevere');
  });

  it('refuses what is not a JSON object, and a file it cannot read', () => {
    expect(refusal(file('{"sbpLow": 85'))).toMatch(/not JSON/);
    expect(refusal(file('[85]'))).toMatch(/must be a JSON object/);
    expect(refusal(join(dir, 'missing.json'))).toMatch(/cannot read it \(ENOENT\)/);
  });
});
