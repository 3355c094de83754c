import { csvField, csvRow } from './csv-writer';

describe('csv writer', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('said "stop"')).toBe('"said ""stop"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('defuses spreadsheet formulas in text, not in numbers', () => {
    expect(csvField('=HYPERLINK("http://x","click")')).toBe('"\'=HYPERLINK(""http://x"",""click"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-2)).toBe('-2');
  });

  it('ends every row with CRLF and keeps a line break inside a quoted field', () => {
    expect(csvRow(['id,1', 'note "quoted"\r\nnext line', '=1+1', 'ok'])).toBe('"id,1","note ""quoted""\r\nnext line",\'=1+1,ok\r\n');
  });
});
