import { parseEventBody } from './parse-event-body';

const ev = (id: string, extra: Record<string, unknown> = {}) => ({ id, patientId: 'P-1', time: '2026-11-26T10:00:00Z', type: 'vitals', hr: 80, ...extra });

describe('parseEventBody', () => {
  it('accepts one object, an array, and NDJSON', () => {
    expect(parseEventBody(JSON.stringify(ev('a')), 'application/json').valid.map((v) => v.event.id)).toEqual(['a']);
    expect(parseEventBody(JSON.stringify([ev('a'), ev('b')]), 'application/json').valid.map((v) => v.index)).toEqual([0, 1]);
    const nd = `${JSON.stringify(ev('a'))}\n\n${JSON.stringify(ev('b'))}\r\n`;
    expect(parseEventBody(nd, 'application/x-ndjson').valid.map((v) => v.event.id)).toEqual(['a', 'b']);
  });

  it('rejects only the bad NDJSON line, with its index', () => {
    const nd = [JSON.stringify(ev('a')), '{oops', JSON.stringify(ev('c', { hr: 'fast' }))].join('\n');
    const out = parseEventBody(nd, 'application/x-ndjson');
    expect(out.valid.map((v) => v.event.id)).toEqual(['a']);
    expect(out.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: '(root)', code: 'invalid_json' })] },
      { index: 2, errors: [expect.objectContaining({ path: 'hr' })] },
    ]);
  });

  it('refuses only the bad field of a vitals event and keeps its other fields (§10), listing the refused field with its index', () => {
    const out = parseEventBody(JSON.stringify([ev('a', { sbp: 84, temp: -17.8 }), ev('b')]), 'application/json');
    expect(out.valid.map((v) => v.event)).toEqual([expect.objectContaining({ id: 'a', sbp: 84, hr: 80 }), expect.objectContaining({ id: 'b' })]);
    expect((out.valid[0].event as { temp?: number }).temp).toBeUndefined();
    expect(out.refusedFields).toEqual([{ index: 0, errors: [expect.objectContaining({ path: 'temp' })] }]);
    expect(out.rejected).toEqual([]);
  });

  it('answers an empty or broken JSON body with a coded error', () => {
    expect(() => parseEventBody('   ', 'application/json')).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID_BODY', status: 400 }));
    expect(() => parseEventBody('[{', 'application/json')).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID_BODY' }));
  });
});
