import { MllpDecoder } from './mllp-decoder';
import { frameMllp, MllpEncoder } from './mllp-encoder';

const enc = new TextEncoder();
const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
};
const A = 'MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01|A1|P|2.6\rPID|||P-1\r';
const B = 'MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101600+0000||ORU^R01|B2|P|2.6\rPID|||P-2\r';

describe('frameMllp / MllpEncoder', () => {
  it('wraps a message in VT … FS CR', () => {
    const frame = frameMllp('MSH|x');
    expect(Array.from(frame)).toEqual([0x0b, ...enc.encode('MSH|x'), 0x1c, 0x0d]);
    expect(new MllpEncoder().encode('MSH|x')).toEqual(frame);
  });

  it('encodes text as UTF-8 (µ is two bytes)', () => {
    expect(frameMllp('µ').length).toBe(2 + 3);
  });
});

describe('MllpDecoder', () => {
  it('decodes one frame', () => {
    const d = new MllpDecoder();
    expect(d.push(frameMllp(A))).toEqual({ messages: [A], discarded: [] });
    expect(d.hasPartialFrame).toBe(false);
  });

  it('returns several messages that arrive in one chunk, in order', () => {
    const d = new MllpDecoder();
    const r = d.push(bytes([...frameMllp(A)], [...frameMllp(B)]));
    expect(r.messages).toEqual([A, B]);
    expect(r.discarded).toEqual([]);
  });

  it('reassembles a message split across chunks, even byte by byte', () => {
    const d = new MllpDecoder();
    const frame = frameMllp(A + 'OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%\r'.repeat(100));
    const got: string[] = [];
    for (const byte of frame) {
      got.push(...d.push(Uint8Array.of(byte)).messages);
    }
    expect(got).toHaveLength(1);
    expect(got[0].startsWith(A)).toBe(true);
    expect(d.hasPartialFrame).toBe(false);
  });

  it('handles a split right between FS and its CR without leaking the CR as garbage', () => {
    const d = new MllpDecoder();
    const frame = frameMllp(A);
    const first = d.push(frame.subarray(0, frame.length - 1));
    expect(first.messages).toEqual([A]);
    expect(d.push(frame.subarray(frame.length - 1))).toEqual({ messages: [], discarded: [] });
  });

  it('discards and reports garbage between frames', () => {
    const d = new MllpDecoder();
    const r = d.push(bytes('GET / HTTP/1.1\r\n', [...frameMllp(A)], '\n\n', [...frameMllp(B)]));
    expect(r.messages).toEqual([A, B]);
    expect(r.discarded).toEqual([
      { bytes: 16, reason: 'outside-frame', preview: 'GET / HTTP/1.1..' },
      { bytes: 2, reason: 'outside-frame', preview: '..' },
    ]);
  });

  it('accepts a frame whose FS is not followed by CR', () => {
    const d = new MllpDecoder();
    const r = d.push(bytes([0x0b], A, [0x1c, 0x0b], B, [0x1c, 0x0d]));
    expect(r.messages).toEqual([A, B]);
    expect(r.discarded).toEqual([]);
  });

  it('abandons a frame interrupted by a new VT and keeps the new one', () => {
    const d = new MllpDecoder();
    const r = d.push(bytes([0x0b], 'MSH|half', [...frameMllp(B)]));
    expect(r.messages).toEqual([B]);
    expect(r.discarded).toEqual([{ bytes: 8, reason: 'unterminated-frame', preview: 'MSH|half' }]);
  });

  it('reset() reports the partial frame a disconnecting client left behind', () => {
    const d = new MllpDecoder();
    d.push(bytes([0x0b], 'MSH|^~\\&|cut'));
    expect(d.hasPartialFrame).toBe(true);
    expect(d.bufferedBytes).toBe(12);
    expect(d.reset()).toEqual({ bytes: 12, reason: 'unterminated-frame', preview: 'MSH|^~\\&|cut' });
    expect(d.hasPartialFrame).toBe(false);
    expect(d.reset()).toBeNull();
    expect(d.push(frameMllp(A)).messages).toEqual([A]);
  });

  it('drops a frame that exceeds maxFrameBytes and recovers on the next frame', () => {
    const d = new MllpDecoder({ maxFrameBytes: 10 });
    const r = d.push(bytes([0x0b], 'x'.repeat(20), [0x1c, 0x0d], [...frameMllp('MSH|ok')]));
    expect(r.messages).toEqual(['MSH|ok']);
    expect(r.discarded[0]).toMatchObject({ reason: 'frame-too-large', bytes: 11 });
  });

  it('decodes multi-byte UTF-8 split across chunks', () => {
    const d = new MllpDecoder();
    const frame = frameMllp('OBX|1|NM|x||110|µmol/L');
    const cut = frame.indexOf(0xc2) + 1; // inside the two-byte µ
    expect(d.push(frame.subarray(0, cut)).messages).toEqual([]);
    expect(d.push(frame.subarray(cut)).messages).toEqual(['OBX|1|NM|x||110|µmol/L']);
  });
});

describe('MllpDecoder character sets (MSH-18)', () => {
  const latin1Message = (msh18: string) => {
    const text = `MSH|^~\\&|LAB|X|V|H|20261126||ORU^R01|C1|P|2.5||||||${msh18}\rOBX|1|NM|14682-9^Creat^LN||110|`;
    return Uint8Array.from([...Array.from(text, (c) => c.charCodeAt(0)), 0xb5, ...Array.from('mol/L', (c) => c.charCodeAt(0))]);
  };

  it('decodes a message declaring 8859/1 as Latin-1 (byte 0xB5 is µ)', () => {
    const d = new MllpDecoder();
    const [message] = d.push(frameMllp(latin1Message('8859/1'))).messages;
    expect(message.endsWith('110|µmol/L')).toBe(true);
  });

  it('decodes UTF-8 by default, and can be forced', () => {
    expect(new MllpDecoder().push(frameMllp(latin1Message(''))).messages[0].endsWith('110|\uFFFDmol/L')).toBe(true);
    expect(new MllpDecoder({ charset: 'latin1' }).push(frameMllp(latin1Message(''))).messages[0].endsWith('110|µmol/L')).toBe(true);
    const utf8 = 'MSH|^~\\&|LAB|X|V|H|20261126||ORU^R01|C1|P|2.5||||||UNICODE UTF-8\rOBX|1|NM|x||1|µmol/L';
    expect(new MllpDecoder().push(frameMllp(utf8)).messages).toEqual([utf8]);
  });
});
