import { decodeUtf8 } from './utf8';

/**
 * MSH-18 names the character set of an HL7 v2 message. Bytes arrive before we can parse, so the
 * declaration is read from the raw bytes (its delimiters and the MSH fields before it are ASCII), then
 * the message is decoded with it. UTF-8 is the default: it is what current senders use and what a
 * message without MSH-18 (ASCII by the standard) decodes to anyway. 8859/x becomes windows-1252, the
 * WHATWG superset of Latin-1, so a µ sent as byte 0xB5 stays µ instead of U+FFFD.
 */
export type MllpCharset = 'auto' | 'utf-8' | 'latin1';

const latin1 = new TextDecoder('windows-1252');

export function decodeHl7Bytes(bytes: Uint8Array, charset: MllpCharset = 'auto'): string {
  const chosen = charset === 'auto' ? declaredCharset(bytes) : charset;
  return chosen === 'latin1' ? latin1.decode(bytes) : decodeUtf8(bytes);
}

/** Reads MSH-18 from the first segment; 'utf-8' unless it names an ISO 8859 set. */
export function declaredCharset(bytes: Uint8Array): 'utf-8' | 'latin1' {
  const end = bytes.findIndex((b) => b === 0x0d || b === 0x0a);
  const head = latin1.decode(bytes.subarray(0, end < 0 ? Math.min(bytes.length, 2048) : end));
  if (!head.startsWith('MSH') || head.length < 4) return 'utf-8';
  const fields = head.split(head[3]);
  // fields[0] = "MSH", fields[1] = MSH-2, so MSH-n = fields[n - 1].
  const msh18 = (fields[17] ?? '').split(head[4] ?? '^')[0].trim().toUpperCase();
  return /^(8859\/\d+|ISO[-_ ]?8859|ISO-IR)/.test(msh18) ? 'latin1' : 'utf-8';
}
