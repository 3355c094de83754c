import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [new Error('wrapped', { cause: { code: '08006' } }), true],
    [new Error('Invalid `prisma.x()` invocation: Database error. Code: `55000`. Message: not accepting'), true],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    [new Error('syntax error at or near "SELEC"'), false],
    [undefined, false],
  ])('%j → %s', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
