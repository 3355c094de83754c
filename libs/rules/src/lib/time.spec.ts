import { parseTime, toIso, toMs } from './time';

describe('time parsing', () => {
  it.each(['2026-11-26T10:15:00.000Z', '2026-02-28T23:59:59.999Z', '1999-12-31T00:00:00.001Z'])('fast path agrees with Date.parse for %s', (s) => {
    expect(toMs(s)).toBe(Date.parse(s));
    expect(toIso(toMs(s))).toBe(s);
  });

  it('falls back to Date.parse for other ISO forms', () => {
    expect(toMs('2026-11-26T11:15:00+01:00')).toBe(Date.parse('2026-11-26T10:15:00Z'));
  });

  it('rejects what is not a time', () => {
    expect(() => toMs('yesterday')).toThrow(/not an ISO time/);
  });

  it.each([
    '2026-13-01T00:00:00.000Z', // month 13: not a time
    '2026-00-10T00:00:00.000Z',
    '2026-02-31T00:00:00.000Z', // Date.parse rolls Feb 31 over to March: so must the fast path
    '2026-01-01T24:00:00.000Z', // 24:00 is the next midnight
    '2026-01-01T23:60:00.000Z',
    '0050-06-01T12:00:00.000Z', // Date.UTC would read year 50 as 1950
    '2026/01/01T00:00:00.000Z',
    '2026-01-01T00-00-00.000Z',
    '2026-01-01T00:00:00.00xZ',
  ])('gives exactly what Date.parse gives for %s (NaN included)', (s) => {
    expect(parseTime(s)).toBe(Date.parse(s));
  });

  it('agrees with Date.parse on random canonical-looking strings', () => {
    let seed = 7;
    const r = (n: number) => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n;
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    for (let i = 0; i < 5000; i++) {
      const s = `${pad(r(3000), 4)}-${pad(r(14), 2)}-${pad(r(33), 2)}T${pad(r(26), 2)}:${pad(r(62), 2)}:${pad(r(62), 2)}.${pad(r(1000), 3)}Z`;
      expect([s, parseTime(s)]).toEqual([s, Date.parse(s)]);
    }
  });
});
