import { ErrorCodes } from '@vigil/contracts';
import { futureTimeErrors } from './future-time';

describe('futureTimeErrors', () => {
  const now = Date.parse('2026-12-03T12:00:00.000Z');
  const limit = now + 300_000;
  it('accepts times up to now + tolerance and names each later time field with its code and path', () => {
    expect(futureTimeErrors({ id: 'a', patientId: 'P', time: '2026-12-03T12:05:00.000Z', type: 'vitals', sbp: 100 }, limit, 300)).toEqual([]);
    const e = futureTimeErrors({ id: 'u', patientId: 'P', time: '2027-01-25T08:00:00.000Z', periodStart: '2027-01-25T07:00:00.000Z', type: 'urine', volumeMl: 5 }, limit, 300);
    expect(e.map((x) => [x.path, x.code])).toEqual([
      ['time', ErrorCodes.EventFutureTime],
      ['periodStart', ErrorCodes.EventFutureTime],
    ]);
    expect(e[0].message).toMatch(/^2027-01-25T08:00:00.000Z is 1268\.0 h ahead of the server clock \(tolerance 300 s\): check the sender's clock, or replay with --shift-to-now$/);
  });
});
