import { buildAck, hl7AckExpected } from './hl7-ack';
import { mapHl7Message } from './hl7-map';
import { parseHl7 } from './hl7-message';

const at = new Date('2026-11-26T10:15:30Z');
const ORU = ['MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01^ORU_R01|MSG-42|P|2.6', 'PID|||P1', 'OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||202611261000+0000'];
const segments = (ack: string) => ack.split('\r').filter(Boolean);

describe('buildAck', () => {
  it('AA: echoes MSH-10 in MSA-2 and swaps sender and receiver', () => {
    const text = ORU.join('\r');
    const ack = buildAck(text, mapHl7Message(text), { at });
    expect(ack.endsWith('\r')).toBe(true);
    expect(segments(ack)).toEqual(['MSH|^~\\&|VIGIL|HOSP|MON|ICU|20261126101530+0000||ACK^R01^ACK|ACKMSG-42|P|2.6', 'MSA|AA|MSG-42|']);
  });

  it('AA with warnings: one ERR of severity W per skipped OBX', () => {
    const text = [...ORU, 'OBX|2|NM|1554-5^GLUCOSE^LN||182|mg/dl|||||F|||202611261000+0000'].join('\r');
    const ack = segments(buildAck(text, mapHl7Message(text), { at }));
    expect(ack[1]).toBe('MSA|AA|MSG-42|');
    expect(ack[2]).toBe('ERR||OBX^2^3|103^Table value not found^HL70357|W||||unsupported code 1554-5 GLUCOSE');
  });

  it('AE: ERR says why, with location, code and severity E; delimiters in the reason are escaped', () => {
    const text = [ORU[0], 'PID|||P1', 'OBX|1|NM|1554-5^GLUCOSE^LN||182|mg/dl|||||F|||202611261000+0000'].join('\r');
    const result = mapHl7Message(text);
    const ack = segments(buildAck(text, result, { at }));
    expect(ack[1]).toMatch(/^MSA\|AE\|MSG-42\|no observation Vigil can use/);
    expect(ack[2]).toBe('ERR||OBX^1^3|103^Table value not found^HL70357|E||||no observation Vigil can use: OBX[1] unsupported code 1554-5 GLUCOSE');
    const withPipe = segments(buildAck(text, { code: 'AE', reason: 'a|b^c' }, { at }));
    expect(withPipe[1]).toBe('MSA|AE|MSG-42|a\\F\\b\\S\\c');
  });

  it('AR for an unsupported type; the ACK parses back as HL7', () => {
    const text = 'MSH|^~\\&|LAB|X|VIGIL|H|20261126||ORM^O01|O-1|P|2.5\rPID|||1';
    const ack = buildAck(text, mapHl7Message(text), { at });
    const parsed = parseHl7(ack);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.message.get('MSA-1')).toBe('AR');
      expect(parsed.message.get('MSA-2')).toBe('O-1');
      expect(parsed.message.get('ERR-3.1')).toBe('200');
      expect(parsed.message.get('ERR-4')).toBe('E');
      expect(parsed.message.get('ERR-8')).toMatch(/unsupported message type ORM\^O01/);
    }
  });

  it('AE when the store fails after mapping (override), with code 207', () => {
    const text = ORU.join('\r');
    const ack = segments(buildAck(text, { code: 'AE', reason: 'event store unavailable' }, { at }));
    expect(ack[1]).toBe('MSA|AE|MSG-42|event store unavailable');
    expect(ack[2]).toBe('ERR|||207^Application internal error^HL70357|E||||event store unavailable');
  });

  it('answers pre-2.5 senders with ERR-1 (ELD) and in their own delimiters', () => {
    const text = 'MSH|^~}|ADM|A1|RAD|R1|19930502184808||BAR^P01|589888|P|2.3\rPID|||1';
    const ack = segments(buildAck(text, mapHl7Message(text), { at }));
    expect(ack[0].startsWith('MSH|^~}&|RAD|R1|ADM|A1|')).toBe(true);
    expect(ack[2]).toBe('ERR|MSH^1^9^200&unsupported message type BAR}S}P01 (Vigil accepts ORU}S}R01 and ADT}S}A01/A02/A03/A08)&HL70357');
  });

  it('still produces an ACK (empty MSA-2) for text that is not HL7', () => {
    const ack = segments(buildAck('garbage', mapHl7Message('garbage'), { at }));
    expect(ack[0]).toBe('MSH|^~\\&|||||20261126101530+0000||ACK^^ACK|ACK|P|2.5');
    expect(ack[1]).toBe('MSA|AR||message does not start with an MSH segment');
  });
});

describe('hl7AckExpected', () => {
  it('is false for an ACK, true for anything else (even garbage)', () => {
    expect(hl7AckExpected('MSH|^~\\&|R|F|S|F|19930502184808||ACK^|589888|P|2.1\rMSA|AA|msgCtrlId')).toBe(false);
    expect(hl7AckExpected(ORU.join('\r'))).toBe(true);
    expect(hl7AckExpected('garbage')).toBe(true);
  });
});
