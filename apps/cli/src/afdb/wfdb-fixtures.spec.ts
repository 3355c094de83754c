import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../repo-root';
import { BEAT_CLASS, parseAnnotations, parseHeader, RHYTHM_CHANGE } from './wfdb';

const mitdb = join(fixturesDir, 'mitdb-arrhythmia');
const read = (rec: string) => parseAnnotations(readFileSync(join(mitdb, `${rec}.atr`)), `${rec}.atr`);
const rhythms = (rec: string) => read(rec).filter((a) => a.code === RHYTHM_CHANGE).map((a) => a.aux);
const beats = (rec: string) => read(rec).filter((a) => a.code in BEAT_CLASS);

describe('WFDB reader on the committed MIT-BIH Arrhythmia excerpt (fixtures/mitdb-arrhythmia)', () => {
  it('reads 201: AF, SVTA, nodal and trigeminy rhythm changes as aux strings, samples increasing', () => {
    const anns = read('201');
    expect(new Set(rhythms('201'))).toEqual(new Set(['(N', '(AFIB', '(SVTA', '(NOD', '(T']));
    for (let i = 1; i < anns.length; i++) expect(anns[i].sample).toBeGreaterThanOrEqual(anns[i - 1].sample);
    // 30 min at 360 Hz: the last annotation is inside the record.
    expect(anns.at(-1)?.sample).toBeLessThan(650_000);
    expect(anns.at(-1)?.sample).toBeGreaterThan(640_000);
  });

  it('reads 119 as sinus rhythm with ventricular bigeminy and trigeminy, and counts its beats', () => {
    expect(new Set(rhythms('119'))).toEqual(new Set(['(N', '(B', '(T']));
    // PhysioNet's mitdb table: 119 has 1,543 normal beats and 444 PVCs (1,987 beats).
    const b = beats('119');
    expect(b.filter((a) => a.code === 1)).toHaveLength(1543);
    expect(b.filter((a) => a.code === 5)).toHaveLength(444);
    expect(b).toHaveLength(1987);
  });

  it('203 has AF, flutter and ventricular tachycardia', () => {
    expect(rhythms('203')).toEqual(expect.arrayContaining(['(AFIB', '(AFL', '(VT']));
  });

  it('reads the sampling frequency from the header, and refuses a file cut inside an aux string', () => {
    expect(parseHeader(readFileSync(join(mitdb, '201.hea'), 'utf8')).fs).toBe(360);
    const bytes = readFileSync(join(mitdb, '201.atr'));
    // Cut inside the aux string of the first rhythm change.
    const aux = bytes.findIndex((_, i) => i % 2 === 0 && bytes.readUInt16LE(i) >> 10 === 63);
    expect(() => parseAnnotations(bytes.subarray(0, aux + 3), '201.atr')).toThrow(/201\.atr: aux string at byte \d+ runs past the end/);
  });
});
