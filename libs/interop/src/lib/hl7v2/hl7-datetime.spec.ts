import { parseHl7DateTime } from './hl7-datetime';

describe('parseHl7DateTime', () => {
  it.each([
    ['20261126101500+0100', 'Z', '2026-11-26T09:15:00.000Z', 'second', '+0100'],
    ['20210425230332.872-0400', 'Z', '2021-04-26T03:03:32.872Z', 'second', '-0400'],
    ['202611261015', '+0200', '2026-11-26T08:15:00.000Z', 'minute', null],
    ['202611261015', 'Z', '2026-11-26T10:15:00.000Z', 'minute', null],
    ['20261126', 'Z', '2026-11-26T00:00:00.000Z', 'date', null],
    ['1994050216163360', 'Z', null, null, null], // 16 digits: not a DTM
    ['20261330', 'Z', null, null, null], // month 13
    ['20260230', 'Z', null, null, null], // Feb 30 must not roll over to March
    ['20261126250000', 'Z', null, null, null],
    ['yesterday', 'Z', null, null, null],
    ['20261126101500^S', 'Z', '2026-11-26T10:15:00.000Z', 'second', null], // v2.3 TS precision component
  ])('%s (default %s) → %s', (value, def, iso, precision, offset) => {
    const r = parseHl7DateTime(value, def);
    if (iso === null) expect(r).toBeNull();
    else expect(r).toEqual({ iso, precision, offset });
  });
});
