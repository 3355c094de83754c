import { readEncoding, type Hl7Encoding } from './hl7-encoding';
import { Hl7Segment } from './hl7-segment';

/** A parsed HL7 v2 message: its delimiters and segments, with lookups by segment name. */
export class Hl7Message {
  constructor(
    readonly encoding: Hl7Encoding,
    readonly segments: readonly Hl7Segment[],
    /** Lines that are not segments (no 3-character segment id), kept so callers can report them. */
    readonly malformed: readonly { line: number; text: string }[],
  ) {}

  get msh(): Hl7Segment {
    return this.segments[0];
  }

  /** MSH-10, the sender's id for this message; an ACK must echo it in MSA-2. */
  get controlId(): string {
    return this.msh.value(10);
  }

  /** MSH-9 as "ORU^R01" (message code ^ trigger event). */
  get messageType(): string {
    const code = this.msh.value(9, 1);
    const trigger = this.msh.value(9, 2);
    return trigger ? `${code}^${trigger}` : code;
  }

  /** MSH-12 version id, e.g. "2.5.1". */
  get version(): string {
    return this.msh.value(12);
  }

  /** First segment with this name (or the nth occurrence, 1-based). */
  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    let seen = 0;
    for (const s of this.segments) if (s.name === name && ++seen === occurrence) return s;
    return undefined;
  }

  all(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }

  /**
   * Terser path lookup: "PID-3", "PID-3.1", "PV1-3.2", "OBX-5[2]" (second repetition), "PID-3[2].4.1"
   * (subcomponent). Reads the first segment with that name; '' when absent or malformed.
   */
  get(path: string): string {
    const m = /^([A-Z][A-Z0-9]{2})-(\d+)(?:\[(\d+)\])?(?:\.(\d+))?(?:\.(\d+))?$/.exec(path);
    if (!m) return '';
    const segment = this.segment(m[1]);
    if (!segment) return '';
    const [field, rep, comp, sub] = [Number(m[2]), m[3] ? Number(m[3]) : 1, m[4] ? Number(m[4]) : 1, m[5] ? Number(m[5]) : undefined];
    return segment.value(field, comp, sub, rep);
  }
}

export type Hl7ParseResult = { ok: true; message: Hl7Message } | { ok: false; reason: string };

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Parses one HL7 v2 message. Segments may end in CR (the standard), LF or CRLF: files and some
 * gateways convert line endings, and a blank line between segments is tolerated. A leading UTF-8 BOM
 * is ignored. Never throws: a message without a usable MSH is reported as a reason.
 */
export function parseHl7(text: string): Hl7ParseResult {
  const body = text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (!body.startsWith('MSH')) {
    return { ok: false, reason: body === '' ? 'empty message' : 'message does not start with an MSH segment' };
  }
  const encoding = readEncoding(body);
  if (!encoding) return { ok: false, reason: 'MSH-1/MSH-2 do not declare usable delimiters' };

  const segments: Hl7Segment[] = [];
  const malformed: { line: number; text: string }[] = [];
  body.split(/\r\n|\r|\n/).forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    const name = line.slice(0, 3);
    if (!SEGMENT_ID.test(name) || (line.length > 3 && line[3] !== encoding.field)) {
      malformed.push({ line: lineIndex + 1, text: line });
      return;
    }
    const parts = line.split(encoding.field);
    // MSH-1 is the separator itself; insert it so MSH field numbers match the standard.
    const raw = name === 'MSH' ? [parts[0], encoding.field, ...parts.slice(1)] : parts;
    segments.push(new Hl7Segment(name, raw, encoding, segments.length));
  });
  return { ok: true, message: new Hl7Message(encoding, segments, malformed) };
}
