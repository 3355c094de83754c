import { parseCsv, readCsvObjects } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with doubled quotes, commas and line breaks inside them, CRLF or LF between records', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","1\r\n2"\r\nlast,\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', '1\r\n2'],
      ['last', ''],
    ]);
  });

  it('keeps a final record without a line break, and reads nothing from nothing', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});

describe('readCsvObjects', () => {
  it('keys each record by the header and skips blank lines', () => {
    expect(readCsvObjects('id,value\n1,x\n\n2,\n')).toEqual([
      { id: '1', value: 'x' },
      { id: '2', value: '' },
    ]);
  });
});
