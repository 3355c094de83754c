import type { Hl7Encoding } from './hl7-encoding';

/**
 * HL7 v2 escape sequences (v2.5 §2.7). Values are split on delimiters first and unescaped last, so an
 * escaped delimiter (\F\, \S\, \T\, \R\, \E\) becomes data and never splits a field.
 */
export function unescapeHl7(value: string, encoding: Hl7Encoding): string {
  const esc = encoding.escape;
  if (!esc || !value.includes(esc)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(esc, i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const end = value.indexOf(esc, start + 1);
    if (end < 0) {
      // A lone escape character is data (senders that never escape their backslashes).
      out += value.slice(start);
      break;
    }
    const sequence = value.slice(start + 1, end);
    const decoded = decodeSequence(sequence, encoding);
    out += decoded ?? value.slice(start, end + 1);
    i = end + 1;
  }
  return out;
}

function decodeSequence(sequence: string, encoding: Hl7Encoding): string | null {
  switch (sequence) {
    case 'F':
      return encoding.field;
    case 'S':
      return encoding.component;
    case 'T':
      return encoding.subcomponent;
    case 'R':
      return encoding.repetition;
    case 'E':
      return encoding.escape;
    case '.br':
    case '.sp':
      // Formatted-text line break / skip line: plain text keeps the line structure.
      return '\n';
    case 'H':
    case 'N':
      // Start / end highlighting: no meaning in plain text.
      return '';
    default:
      break;
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(sequence)) return decodeHex(sequence.slice(1));
  if (sequence === '') return null;
  // \.in±n\, \.ti±n\, \.fi\, \.nf\, \.ce\, \Z…\, \C…\, \M…\: formatting or charset switches we do not
  // interpret; dropping them keeps the text readable and loses no data.
  if (/^(\.(in|ti|sk)[+-]?\d*|\.(fi|nf|ce)|Z.*|C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4,6})$/.test(sequence)) return '';
  return null;
}

/** \Xhhhh\: hexadecimal bytes, read as UTF-8 (falls back to Latin-1 when the bytes are not UTF-8). */
function decodeHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/** Escapes text so it can be placed in one HL7 component (used for ERR/MSA text in ACKs). */
export function escapeHl7(text: string, encoding: Hl7Encoding): string {
  const esc = encoding.escape || '\\';
  const map = new Map<string, string>([
    [esc, `${esc}E${esc}`],
    [encoding.field, `${esc}F${esc}`],
    [encoding.component, `${esc}S${esc}`],
    [encoding.subcomponent, `${esc}T${esc}`],
    [encoding.repetition, `${esc}R${esc}`],
  ]);
  let out = '';
  for (const char of text) {
    if (char === '\r' || char === '\n') out += `${esc}.br${esc}`;
    else out += (char !== '' && map.get(char)) || char;
  }
  return out;
}
