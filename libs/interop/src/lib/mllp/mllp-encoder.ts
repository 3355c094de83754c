import { MLLP_END, MLLP_START, MLLP_TRAILER } from './mllp.constants';
import { encodeUtf8 } from './utf8';

/** Wraps one HL7 message (text or bytes) in an MLLP frame: VT + message + FS + CR. */
export function frameMllp(message: string | Uint8Array): Uint8Array {
  const body = typeof message === 'string' ? encodeUtf8(message) : message;
  const frame = new Uint8Array(body.length + 3);
  frame[0] = MLLP_START;
  frame.set(body, 1);
  frame[body.length + 1] = MLLP_END;
  frame[body.length + 2] = MLLP_TRAILER;
  return frame;
}

/** Object form of {@link frameMllp}, for code that wants an encoder/decoder pair. */
export class MllpEncoder {
  encode(message: string | Uint8Array): Uint8Array {
    return frameMllp(message);
  }
}
