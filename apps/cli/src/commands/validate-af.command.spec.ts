import { validateAf } from './validate-af.command';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (s: string) => void out.push(s), e: (s: string) => void err.push(s) };
}

describe('vigil validate-af', () => {
  it('--json prints the totals as one JSON object and shows progress on stderr', () => {
    const c = capture();
    expect(validateAf({ records: ['04015'], json: true }, c.o, c.e)).toBe(0);
    const totals = JSON.parse(c.out.join(''));
    expect(totals).toMatchObject({ records: 1, reference: 'rolling' });
    expect(totals.sensitivity).toBeGreaterThan(0.9);
    expect(totals.specificity).toBeGreaterThan(0.9);
    expect(c.err.join('')).toMatch(/\[1\/1\] 04015: \d+ beats/);
  });

  it('prints a per-record table with a total row', () => {
    const c = capture();
    validateAf({ records: ['04015', '08455'] }, c.o, c.e);
    const table = c.out.join('');
    expect(table).toMatch(/\| 04015 \|/);
    expect(table).toMatch(/\| 08455 \|/);
    expect(table).toMatch(/\| \*\*total\*\* \|/);
  });

  it('exits 2 on an unknown record', () => {
    const c = capture();
    expect(validateAf({ records: ['99999'] }, c.o, c.e)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown record/);
  });
});
