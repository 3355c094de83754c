import { DEFAULT_HL7_ENCODING, readEncoding } from './hl7-encoding';
import { escapeHl7, unescapeHl7 } from './hl7-escape';
import { parseHl7, type Hl7Message } from './hl7-message';
import { splitHl7Messages } from './hl7-batch';

const enc = DEFAULT_HL7_ENCODING;
const parse = (text: string): Hl7Message => {
  const r = parseHl7(text);
  if (!r.ok) throw new Error(r.reason);
  return r.message;
};
const MSH = 'MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0100||ORU^R01^ORU_R01|CTRL-1|P|2.6';

describe('unescapeHl7', () => {
  it.each([
    ['a\\F\\b', 'a|b'],
    ['a\\S\\b', 'a^b'],
    ['a\\T\\b', 'a&b'],
    ['a\\R\\b', 'a~b'],
    ['C:\\E\\temp', 'C:\\temp'],
    ['line1\\.br\\line2', 'line1\nline2'],
    ['\\H\\bold\\N\\', 'bold'],
    ['\\X0D0A\\', '\r\n'],
    ['\\XC2B5\\mol/L', 'µmol/L'],
    ['\\XB5\\mol/L', 'µmol/L'], // not UTF-8: Latin-1
    ['no escapes', 'no escapes'],
    ['lone \\ backslash', 'lone \\ backslash'],
    ['unknown \\Q\\ kept', 'unknown \\Q\\ kept'],
  ])('%s → %s', (raw, expected) => {
    expect(unescapeHl7(raw, enc)).toBe(expected);
  });

  it('uses the message escape character, not a hard-coded backslash', () => {
    expect(unescapeHl7('a#F#b', { ...enc, escape: '#' })).toBe('a|b');
    expect(unescapeHl7('a\\F\\b', { ...enc, escape: '#' })).toBe('a\\F\\b');
  });

  it('escapeHl7 round-trips every delimiter', () => {
    const text = 'SBP | DBP ^ 5 & 6 ~ x \\ y\nz';
    const escaped = escapeHl7(text, enc);
    expect(escaped).not.toMatch(/[|^&~\n]/);
    expect(unescapeHl7(escaped, enc)).toBe(text);
  });
});

describe('readEncoding', () => {
  it('reads non-default delimiters', () => {
    expect(readEncoding('MSH*:!/$*A')).toEqual({ field: '*', component: ':', repetition: '!', escape: '/', subcomponent: '$' });
  });
  it('fills a missing subcomponent separator with the default (1994 "MSH|^~}|" messages)', () => {
    expect(readEncoding('MSH|^~}|A')).toEqual({ field: '|', component: '^', repetition: '~', escape: '}', subcomponent: '&' });
  });
  it('rejects a letter as field separator', () => {
    expect(readEncoding('MSHA^~\\&')).toBeNull();
  });
});

describe('parseHl7', () => {
  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('splits segments on %s', (_name, sep) => {
    const m = parse([MSH, 'PID|||P-7^^^HOSP^MR', 'OBX|1|NM|8867-4^Heart rate^LN||88|/min'].join(sep) + sep);
    expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'OBX']);
    expect(m.get('PID-3.1')).toBe('P-7');
    expect(m.get('OBX-5')).toBe('88');
  });

  it('numbers MSH fields as the standard does (MSH-1 is the separator)', () => {
    const m = parse(MSH);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-3')).toBe('MON');
    expect(m.controlId).toBe('CTRL-1');
    expect(m.messageType).toBe('ORU^R01');
    expect(m.version).toBe('2.6');
  });

  it('reads repetitions, components and subcomponents, unescaping last', () => {
    const m = parse(`${MSH}\rPID|||A1^^^H&1.2.3&ISO^MR~B2^^^H^PI||Doe\\S\\Jr^Jo\rPV1||I|ONC4^12^B\\T\\C`);
    const pid = m.segment('PID');
    expect(pid?.repetitions(3)).toHaveLength(2);
    expect(m.get('PID-3[2].1')).toBe('B2');
    expect(m.get('PID-3[2].5')).toBe('PI');
    expect(m.get('PID-3.4.2')).toBe('1.2.3');
    expect(m.get('PID-5.1')).toBe('Doe^Jr'); // escaped component separator is data
    expect(m.get('PV1-3.3')).toBe('B&C');
    expect(m.get('PID-99')).toBe('');
    expect(m.get('not a path')).toBe('');
  });

  it('parses with the delimiters the message declares', () => {
    const m = parse('MSH*:!/$*MON*ICU*V*H*20261126**ORU:R01*C9*P*2.5\rPID***X1:::H$9!X2\rOBX*1*ST*x**a/F/b');
    expect(m.controlId).toBe('C9');
    expect(m.get('PID-3.4.2')).toBe('9');
    expect(m.get('PID-3[2].1')).toBe('X2');
    expect(m.get('OBX-5')).toBe('a*b');
  });

  it('treats "" (explicit HL7 null) as empty', () => {
    expect(parse(`${MSH}\rPID|||""`).get('PID-3')).toBe('');
  });

  it('ignores a UTF-8 BOM and blank lines, and reports lines that are not segments', () => {
    const m = parse(`\uFEFF${MSH}\n\nPID|||1\n this is not a segment\nOBX|1`);
    expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'OBX']);
    expect(m.malformed).toEqual([{ line: 4, text: ' this is not a segment' }]);
  });

  it('tolerates leading whitespace or a stray MLLP start byte before MSH', () => {
    expect(parse(`\x0b\r\n ${MSH}`).controlId).toBe('CTRL-1');
  });

  it.each([
    ['', 'empty message'],
    ['PID|||1', 'message does not start with an MSH segment'],
    ['MSHA^~', 'MSH-1/MSH-2 do not declare usable delimiters'],
  ])('rejects %j without throwing', (text, reason) => {
    expect(parseHl7(text)).toEqual({ ok: false, reason });
  });
});

describe('splitHl7Messages', () => {
  it('splits a BHS batch into its messages and drops the envelope', () => {
    const text = ['BHS|^~\\&|X', `${MSH}`, 'PID|||1', 'MSH|^~\\&|MON|ICU|||2026||ADT^A01|C2|P|2.5', 'PID|||2', 'BTS|2'].join('\n');
    const { messages, ignored } = splitHl7Messages(text);
    expect(messages).toEqual([`${MSH}\rPID|||1`, 'MSH|^~\\&|MON|ICU|||2026||ADT^A01|C2|P|2.5\rPID|||2']);
    expect(ignored).toEqual([]);
  });
  it('returns lines before the first MSH as ignored', () => {
    expect(splitHl7Messages(`junk\r${MSH}`)).toEqual({ messages: [MSH], ignored: ['junk'] });
  });
});
