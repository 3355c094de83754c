import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseClinicalEvent } from '@vigil/contracts';
import { buildAck, frameMllp, mapHl7Message, MllpDecoder, parseHl7 } from '../src';
import { prng } from './support/prng';

/**
 * The path a message takes through the MLLP listener, without the socket: bytes in arbitrary chunks →
 * decoder → mapper → ACK → framed → decoded by the sender. Uses a real device message (fixture excerpt)
 * among synthetic ones, with noise between frames.
 */
const device = fs.readFileSync(path.join(__dirname, 'fixtures/philips-intellivue-mx500-pcd01.hl7'), 'utf8');
const synthetic = (id: string, sbp: number) =>
  `MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01|${id}|P|2.6\rPID|||P-${id}\rOBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||20261126101500+0000\r`;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

describe('MLLP pipeline (decoder → mapper → ACK → decoder)', () => {
  const messages = [synthetic('A1', 84), device, synthetic('A2', 82)];
  const noise = new TextEncoder().encode('\r\n');
  const stream = concat([frameMllp(messages[0]), noise, frameMllp(messages[1]), frameMllp(messages[2])]);

  it.each([1, 2, 3, 4, 5])('delivers every message once, in order, and ACKs each, for random chunking (seed %d)', (seed) => {
    const random = prng(seed);
    const server = new MllpDecoder();
    const client = new MllpDecoder();
    const received: string[] = [];
    const acks: string[] = [];
    let discarded = 0;
    for (let i = 0; i < stream.length; ) {
      const size = 1 + Math.floor(random() * 200);
      const out = server.push(stream.subarray(i, i + size));
      discarded += out.discarded.reduce((n, d) => n + d.bytes, 0);
      for (const text of out.messages) {
        received.push(text);
        const result = mapHl7Message(text);
        acks.push(...client.push(frameMllp(buildAck(text, result, { at: new Date(0) }))).messages);
      }
      i += size;
    }
    expect(received).toEqual(messages);
    expect(discarded).toBe(2);
    const msa = (ack: string): string => {
      const parsed = parseHl7(ack);
      return parsed.ok ? `${parsed.message.get('MSA-1')} ${parsed.message.get('MSA-2')}` : 'unparseable';
    };
    expect(acks.map(msa)).toEqual([
      'AA A1',
      'AA HP0425230332.872USDANRMMD1NBR488',
      'AA A2',
    ]);
  });

  it('maps the device excerpt to valid canonical events', () => {
    const result = mapHl7Message(device);
    expect(result.ok && result.events.map((e) => [e.type, e.patientId])).toEqual([
      ['vitals', '12345'],
      ['rhythm', '12345'],
    ]);
    if (result.ok) for (const e of result.events) expect(parseClinicalEvent(e).ok).toBe(true);
  });
});
