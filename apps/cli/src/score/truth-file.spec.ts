import { InputError } from '../args';
import { readTruth } from './truth-file';

const episode = { patientId: 'P1', kind: 'hypotension', start: '2026-01-05T06:00:00.000Z', end: '2026-01-05T07:00:00.000Z', peak: '2026-01-05T06:30:00.000Z', detail: 'MAP 58' };
const refusal = (text: string) => {
  try {
    readTruth(text, 't.ndjson');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('readTruth (--truth FILE)', () => {
  it('reads the episodes after a header and comment lines', () => {
    const text = [JSON.stringify({ _comment: 'vigil simulate --seed 1' }), '// note', JSON.stringify(episode), ''].join('\n');
    expect(readTruth(text, 't.ndjson')).toEqual([episode]);
  });

  it('names each bad line with its field', () => {
    const m = refusal(
      [
        JSON.stringify(episode),
        JSON.stringify({ ...episode, kind: 'sepsis' }),
        JSON.stringify({ ...episode, start: 'noon' }),
        JSON.stringify({ ...episode, end: '2026-01-05T05:00:00.000Z' }),
        '{oops',
        JSON.stringify({ ...episode, patientId: '' }),
      ].join('\n'),
    );
    expect(m).toContain('--truth t.ndjson: 5 bad line(s)');
    expect(m).toContain('t.ndjson:2: kind: must be one of hypotension, af,');
    expect(m).toContain('t.ndjson:3: start: must be an ISO time (got "noon")');
    expect(m).toContain('t.ndjson:4: end: before start');
    expect(m).toContain('t.ndjson:5: not JSON');
    expect(m).toContain('t.ndjson:6: patientId: must be a non-empty string');
  });

  it('refuses the event stream given in its place, and a file with no episode', () => {
    expect(refusal(JSON.stringify({ id: 'e', patientId: 'P1', time: episode.start, type: 'vitals', sbp: 90 }))).toContain('is this the stream rather than its truth file?');
    expect(refusal(JSON.stringify({ _comment: 'header only' }) + '\n')).toContain('no ground-truth episodes in it');
  });
});
