import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixturesDir } from '../repo-root';
import { validateAf } from './validate-af.command';

const mitdbFixtures = join(__dirname, '..', 'afdb', 'fixtures', 'mitdb');
// The committed excerpt (04015, 04043, 07162, 08455); the full set is data/afdb-mitbih-af.
const dir = resolve(fixturesDir, 'afdb-mitbih-af');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (s: string) => void out.push(s), e: (s: string) => void err.push(s) };
}

describe('vigil validate-af', () => {
  it('--json prints the totals as one JSON object and shows progress on stderr', () => {
    const c = capture();
    expect(validateAf({ dir, records: ['04015'], json: true }, c.o, c.e)).toBe(0);
    const totals = JSON.parse(c.out.join(''));
    expect(totals).toMatchObject({ records: 1, reference: 'rolling' });
    expect(totals.sensitivity).toBeGreaterThan(0.9);
    expect(totals.specificity).toBeGreaterThan(0.9);
    expect(c.err.join('')).toMatch(/\[1\/1\] 04015: \d+ beats/);
  });

  it('prints a per-record table with a total row', () => {
    const c = capture();
    validateAf({ dir, records: ['04015', '08455'] }, c.o, c.e);
    const table = c.out.join('');
    expect(table).toMatch(/\| 04015 \|/);
    expect(table).toMatch(/\| 08455 \|/);
    expect(table).toMatch(/\| \*\*total\*\* \|/);
  });

  it('exits 2 on an unknown record', () => {
    const c = capture();
    expect(validateAf({ dir, records: ['99999'] }, c.o, c.e)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown record/);
  });

  it('--format mitdb reads WFDB records: per-record false alarms per non-AF hour and the rhythm of false-positive windows', () => {
    const c = capture();
    expect(validateAf({ dir: mitdbFixtures, format: 'mitdb', detector: 'dash', json: true }, c.o, c.e)).toBe(0);
    const rr = JSON.parse(c.out.join(''));
    expect(rr).toMatchObject({ format: 'mitdb', records: 2, beatLabels: false, episodes: 3 });
    // 119 is bigeminy and trigeminy without AF: RR-only windows there are false positives in B/T/N.
    const r119 = rr.perRecord.find((r: { record: string }) => r.record === '119');
    expect(r119.tp + r119.fn).toBe(0);
    expect(r119.fp).toBeGreaterThan(0);
    expect(Object.keys(r119.fpByRhythm).every((k) => ['N', 'B', 'T'].includes(k))).toBe(true);
    expect(rr.nonAfHours).toBeGreaterThan(0.5);
    const table = capture();
    validateAf({ dir: mitdbFixtures, format: 'mitdb' }, table.o, table.e);
    expect(table.out.join('')).toMatch(/\| 119 \|.*\/h\) \|/);
    // With the reference beat classes, intervals touching ectopic beats are not read as rhythm.
    const labelled = capture();
    validateAf({ dir: mitdbFixtures, format: 'mitdb', detector: 'dash', beatLabels: true, json: true }, labelled.o, labelled.e);
    const lab = JSON.parse(labelled.out.join(''));
    expect(lab.fp).toBeLessThan(rr.fp);
    expect(lab.perRecord.find((r: { record: string }) => r.record === '119').falseAlarms).toBe(0);
    // AF_RR's detector (the default) recognises 119's ectopic beats from the RR alone: no false alarm there.
    const ectopy = capture();
    validateAf({ dir: mitdbFixtures, format: 'mitdb', json: true }, ectopy.o, ectopy.e);
    const ec = JSON.parse(ectopy.out.join(''));
    expect(ec.detector).toBe('ectopy');
    expect(ec.perRecord.find((r: { record: string }) => r.record === '119')).toMatchObject({ fp: 0, falseAlarms: 0 });
    expect(ec.detected).toBe(rr.detected);
  });

  it('--beat-labels needs --format mitdb; a missing directory exits 2 and says what to give', () => {
    const c = capture();
    expect(validateAf({ dir: mitdbFixtures, beatLabels: true }, c.o, c.e)).toBe(2);
    expect(c.err.join('')).toMatch(/--beat-labels needs --format mitdb/);
    const d = capture();
    expect(validateAf({ dir: '/nonexistent/mitdb', format: 'mitdb' }, d.o, d.e)).toBe(2);
    expect(d.err.join('')).toMatch(/does not hold the MIT-BIH Arrhythmia Database[\s\S]*npm run data:fetch -- mitdb/);
  });

  it('exits 2 on a directory without the data set and prints the command that fetches it', () => {
    const c = capture();
    const empty = join(mkdtempSync(join(tmpdir(), 'vigil-no-afdb-')), 'afdb-mitbih-af');
    expect(validateAf({ dir: empty }, c.o, c.e)).toBe(2);
    expect(c.out.join('')).toBe('');
    expect(c.err.join('')).toContain(`${empty} does not hold the MIT-BIH Atrial Fibrillation Database`);
    expect(c.err.join('')).toContain('npm run data:fetch -- afdb');
  });
});
