import { join } from 'node:path';
import { listWfdbRecords, readWfdbRecord } from './mitdb-record';
import { parseAnnotations, parseHeader, readWfdb, WfdbError } from './wfdb';

const fixtures = join(__dirname, 'fixtures', 'mitdb');

/** Encodes annotation words (code, interval) as the little-endian bytes of a MIT annotation file. */
function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 2);
  ws.forEach((w, i) => {
    b[2 * i] = w & 0xff;
    b[2 * i + 1] = w >> 8;
  });
  return b;
}
const ann = (code: number, interval: number) => (code << 10) | interval;

describe('WFDB reader', () => {
  it('reads a header record line', () => {
    expect(parseHeader('201 2 360 650000\n201.dat 212 200 11 1024 972 -519 0 MLII\n')).toEqual({ record: '201', signals: 2, fs: 360, samples: 650000 });
    expect(parseHeader('# comment\nx 1 250/100(0)\n')).toEqual({ record: 'x', signals: 1, fs: 250, samples: null });
    expect(() => parseHeader('# only comments\n', 'r.hea')).toThrow(/r.hea: no record line/);
    expect(() => parseHeader('r 2 fast\n', 'r.hea')).toThrow(WfdbError);
  });

  it('decodes intervals, SKIP (32-bit, high word first), AUX (odd length padded), NUM/SUB/CHN and the end word', () => {
    const aux = [...'(AFIB'].map((c) => c.charCodeAt(0));
    const bytes = new Uint8Array([
      ...words(ann(28, 10), ann(63, 5)),
      ...aux,
      0, // pad to even
      ...words(ann(1, 300), ann(61, 2), ann(59, 0), 0x0001, 0x0002, ann(5, 4), ann(60, 3), ann(62, 1), ann(1, 1), 0),
    ]);
    expect(parseAnnotations(bytes)).toEqual([
      { sample: 10, code: 28, sub: 0, chan: 0, num: 0, aux: '(AFIB' },
      { sample: 310, code: 1, sub: 2, chan: 0, num: 0, aux: '' },
      { sample: 310 + 0x10002 + 4, code: 5, sub: 0, chan: 1, num: 3, aux: '' },
      { sample: 310 + 0x10002 + 5, code: 1, sub: 0, chan: 1, num: 3, aux: '' },
    ]);
  });

  it('refuses a truncated file and an aux string past the end, naming the file', () => {
    expect(() => parseAnnotations(words(ann(1, 5)), 'x.atr')).toThrow(/x.atr: truncated at byte 2/);
    expect(() => parseAnnotations(words(ann(28, 1), ann(63, 40), 0), 'x.atr')).toThrow(/x.atr: aux string/);
  });

  it('reads MITDB record 119 as PhysioNet counts it: 1543 N and 444 V beats, bigeminy spans', () => {
    const { header, annotations } = readWfdb(fixtures, '119');
    expect(header).toEqual({ record: '119', signals: 2, fs: 360, samples: 650000 });
    expect(annotations.filter((a) => a.code === 1)).toHaveLength(1543);
    expect(annotations.filter((a) => a.code === 5)).toHaveLength(444);
    const rec = readWfdbRecord(fixtures, '119');
    expect(rec.rrMs).toHaveLength(1543 + 444 - 1);
    expect(rec.beatClasses?.replace(/N/g, '')).toBe('V'.repeat(444));
    expect(rec.afSpans).toEqual([]);
    expect(rec.rhythmSpans[1]).toEqual({ startMs: 7610 * (1000 / 360), endMs: 11305 * (1000 / 360), rhythm: 'B' });
    expect(rec.durationMs).toBeCloseTo((650000 / 360) * 1000, 6);
  });

  it('reads MITDB record 201: AF from the start, the blocked APCs (x) not counted as beats', () => {
    const rec = readWfdbRecord(fixtures, '201');
    expect(rec.rhythmSpans[0]).toMatchObject({ startMs: 0, rhythm: 'AFIB' });
    expect(rec.afSpans).toHaveLength(3);
    expect(rec.afSpans[0]).toEqual([0, 136226 * (1000 / 360)]);
    // 1625 N, 97 a, 198 V, 2 F, 1 J, 30 A, 10 j beats; the 37 non-conducted P waves (x) are not beats.
    expect(rec.rrMs).toHaveLength(1625 + 97 + 198 + 2 + 1 + 30 + 10 - 1);
    for (let i = 0; i < rec.rrMs.length; i++) expect(rec.rrMs[i]).toBeGreaterThan(0);
    expect(rec.af[0]).toBe(1);
    expect(listWfdbRecords(fixtures)).toEqual(['119', '201']);
  });
});
