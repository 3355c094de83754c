import { DEFAULT_HL7_ENCODING, encodingCharacters, type Hl7Encoding } from './hl7-encoding';
import { escapeHl7 } from './hl7-escape';
import { Hl7ErrorCodes, type Hl7ErrorCode, type Hl7Issue, type Hl7Location, type Hl7MapResult } from './hl7-map.types';
import { parseHl7, type Hl7Message } from './hl7-message';

/** Use instead of a map result when the outcome changed after mapping (e.g. the store failed: AE). */
export interface AckOverride {
  code: 'AA' | 'AE' | 'AR';
  reason?: string;
  errorCode?: Hl7ErrorCode;
  location?: Hl7Location;
}

export interface AckOptions {
  /** MSH-7 of the ACK. Default: now. */
  at?: Date;
  /** MSH-10 of the ACK. Default: "ACK" + the original MSH-10. */
  controlId?: string;
}

/**
 * Builds the ACK for one received message: MSA-1 AA/AE/AR, MSA-2 = the original MSH-10 (how the sender
 * matches ACK to message), MSA-3 and an ERR segment with the reason when refused, and ERR segments with
 * severity W for parts of an accepted message that were skipped. Sender and receiver are swapped, and
 * the ACK uses the original's delimiters and version. Segments end in CR, ready for frameMllp.
 */
export function buildAck(original: string | Hl7Message | undefined, outcome: Hl7MapResult | AckOverride, options: AckOptions = {}): string {
  const message = typeof original === 'string' ? messageOrUndefined(original) : original;
  const enc = message?.encoding ?? DEFAULT_HL7_ENCODING;
  const f = enc.field;
  const msh = message?.msh;
  const originalId = message?.controlId ?? '';
  const version = message?.version || '2.5';
  const code = 'ok' in outcome ? (outcome.ok ? 'AA' : outcome.code) : outcome.code;
  const reason = 'ok' in outcome ? (outcome.ok ? '' : outcome.reason) : (outcome.reason ?? '');
  const errorCode = 'ok' in outcome ? (outcome.ok ? undefined : outcome.errorCode) : outcome.errorCode;
  const location = 'ok' in outcome ? (outcome.ok ? undefined : outcome.location) : outcome.location;
  const warnings: Hl7Issue[] = 'ok' in outcome ? outcome.warnings : [];

  const raw = (n: number): string => msh?.rawField(n) ?? '';
  const trigger = msh?.value(9, 2) ?? '';
  const segments = [
    ['MSH', encodingCharacters(enc), raw(5), raw(6), raw(3), raw(4), formatTimestamp(options.at ?? new Date()), '', ['ACK', trigger, 'ACK'].join(enc.component), escapeHl7(options.controlId ?? `ACK${originalId}`, enc), raw(11) || 'P', escapeHl7(version, enc)].join(f),
    ['MSA', code, escapeHl7(originalId, enc), escapeHl7(truncate(reason, 80), enc)].join(f),
  ];
  if (code !== 'AA') segments.push(errSegment(enc, version, errorCode ?? Hl7ErrorCodes.ApplicationInternalError, 'E', reason, location));
  for (const w of warnings.slice(0, 20)) segments.push(errSegment(enc, version, w.code, 'W', w.reason, w));
  return segments.join('\r') + '\r';
}

function messageOrUndefined(text: string): Hl7Message | undefined {
  const parsed = parseHl7(text);
  return parsed.ok ? parsed.message : undefined;
}

const ERROR_TEXT: Record<string, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '207': 'Application internal error',
};

/**
 * ERR: from v2.5 the location is ERR-2 (ERL), the code ERR-3 (table 0357), severity ERR-4 and the
 * human-readable text ERR-8; before 2.5 everything went in ERR-1 (ELD), so older senders get that form.
 */
function errSegment(enc: Hl7Encoding, version: string, code: string, severity: 'E' | 'W', text: string, location?: Hl7Location): string {
  const c = enc.component;
  const s = enc.subcomponent || '&';
  const loc = location && location.sequence > 0 ? [location.segment, String(location.sequence), location.field ? String(location.field) : ''] : ['', '', ''];
  const [major, minor] = version.split('.').map(Number);
  if (major === 2 && (minor ?? 0) < 5) {
    // ELD-4 is a CE in subcomponents: code & text & table; the text carries our reason.
    return ['ERR', [...loc, [code, escapeHl7(text, { ...enc, subcomponent: s }), 'HL70357'].join(s)].join(c)].join(enc.field);
  }
  return ['ERR', '', loc.join(c).replace(new RegExp(`\\${c}+$`), ''), [code, escapeHl7(ERROR_TEXT[code] ?? '', enc), 'HL70357'].join(c), severity, '', '', '', escapeHl7(text, enc)].join(enc.field);
}

/** HL7 DTM in UTC: YYYYMMDDHHMMSS+0000. */
function formatTimestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * False for messages that must not be answered: an ACK itself (answering it can start an endless
 * ACK-of-ACK exchange with a peer that does the same). Everything else, including unparseable text,
 * gets an ACK so the sender is never left waiting.
 */
export function hl7AckExpected(original: string | Hl7Message): boolean {
  const message = typeof original === 'string' ? messageOrUndefined(original) : original;
  return message?.msh.value(9, 1) !== 'ACK';
}
