import { MLLP_END, MLLP_START, MLLP_TRAILER } from './mllp.constants';
import { decodeHl7Bytes, type MllpCharset } from './hl7-charset';
import { decodeUtf8 } from './utf8';

/** Bytes that arrived outside a frame and were thrown away; reported so the listener can log them. */
export interface MllpDiscard {
  /** Number of bytes dropped. */
  bytes: number;
  /** Why: bytes before a VT, or a frame that was abandoned because a new VT started before its FS. */
  reason: 'outside-frame' | 'unterminated-frame' | 'frame-too-large';
  /** Up to 32 characters of what was dropped, printable, for the log line. */
  preview: string;
}

export interface MllpDecodeResult {
  /** Complete messages, in arrival order, decoded per MSH-18 (UTF-8 by default), without VT/FS/CR. */
  messages: string[];
  /** Garbage found while decoding this chunk. */
  discarded: MllpDiscard[];
}

export interface MllpDecoderOptions {
  /** A frame larger than this is dropped (protects memory against a sender that never sends FS). Default 16 MiB. */
  maxFrameBytes?: number;
  /** How to turn frame bytes into text: 'auto' (default) follows MSH-18, else forced. */
  charset?: MllpCharset;
}

const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

/**
 * Incremental MLLP decoder: one per TCP connection. Feed it every chunk as it arrives; it returns the
 * messages completed by that chunk. TCP gives no message boundaries, so a chunk may hold several frames,
 * part of one, or noise (keep-alive newlines, a port scanner's probe); the decoder keeps the partial frame
 * between calls and reports what it discards instead of failing.
 */
export class MllpDecoder {
  private readonly maxFrameBytes: number;
  private readonly charset: MllpCharset;
  /** Bytes of the frame being received (after VT), or null while waiting for a VT. */
  private frame: Uint8Array | null = null;
  private frameLength = 0;
  /** True when the previous chunk ended right after FS: the next byte may be the CR of the trailer. */
  private expectTrailer = false;

  constructor(options: MllpDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME;
    this.charset = options.charset ?? 'auto';
  }

  /** True while part of a frame is buffered: a disconnect now means a message was cut off. */
  get hasPartialFrame(): boolean {
    return this.frame !== null;
  }

  /** Bytes of the buffered partial frame. */
  get bufferedBytes(): number {
    return this.frame === null ? 0 : this.frameLength;
  }

  push(chunk: Uint8Array): MllpDecodeResult {
    const messages: string[] = [];
    const discarded: MllpDiscard[] = [];
    let garbageStart = -1;
    const flushGarbage = (end: number): void => {
      if (garbageStart >= 0 && end > garbageStart) {
        discarded.push(describeDiscard(chunk.subarray(garbageStart, end), 'outside-frame'));
      }
      garbageStart = -1;
    };

    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.expectTrailer) {
        // The CR after FS belongs to the frame; tolerate senders that omit it.
        this.expectTrailer = false;
        if (byte === MLLP_TRAILER) continue;
      }
      if (this.frame === null) {
        if (byte === MLLP_START) {
          flushGarbage(i);
          this.startFrame();
        } else if (garbageStart < 0) {
          garbageStart = i;
        }
        continue;
      }
      if (byte === MLLP_END) {
        messages.push(decodeHl7Bytes(this.frame.subarray(0, this.frameLength), this.charset));
        this.frame = null;
        this.frameLength = 0;
        this.expectTrailer = true;
      } else if (byte === MLLP_START) {
        // A new frame began before the old one ended: the sender gave up on it. Keep the new one.
        discarded.push(describeDiscard(this.frame.subarray(0, this.frameLength), 'unterminated-frame'));
        this.startFrame();
      } else if (this.frameLength >= this.maxFrameBytes) {
        discarded.push(describeDiscard(this.frame.subarray(0, Math.min(this.frameLength, 32)), 'frame-too-large', this.frameLength + 1));
        this.frame = null;
        this.frameLength = 0;
      } else {
        this.append(byte);
      }
    }
    flushGarbage(chunk.length);
    return { messages, discarded };
  }

  /** Drops any partial frame (for example when the peer disconnects) and says how much was lost. */
  reset(): MllpDiscard | null {
    const lost = this.frame === null ? null : describeDiscard(this.frame.subarray(0, this.frameLength), 'unterminated-frame');
    this.frame = null;
    this.frameLength = 0;
    this.expectTrailer = false;
    return lost;
  }

  private startFrame(): void {
    this.frame = new Uint8Array(1024);
    this.frameLength = 0;
  }

  private append(byte: number): void {
    const frame = this.frame as Uint8Array;
    if (this.frameLength === frame.length) {
      // Doubling keeps appends amortised O(1) for large messages arriving byte by byte.
      const grown = new Uint8Array(frame.length * 2);
      grown.set(frame);
      this.frame = grown;
    }
    (this.frame as Uint8Array)[this.frameLength++] = byte;
  }
}

function describeDiscard(bytes: Uint8Array, reason: MllpDiscard['reason'], count = bytes.length): MllpDiscard {
  const preview = decodeUtf8(bytes.subarray(0, 32)).replace(/[^\x20-\x7e]/g, '.');
  return { bytes: count, reason, preview };
}
