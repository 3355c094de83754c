import { toIso, toMs } from './time';

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
});
