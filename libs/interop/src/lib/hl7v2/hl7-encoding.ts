/**
 * The five HL7 v2 delimiters. They are not fixed: each message declares them in MSH-1 (field separator)
 * and MSH-2 (component, repetition, escape, subcomponent[, truncation]), so every split must use the
 * message's own set.
 */
export interface Hl7Encoding {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_HL7_ENCODING: Hl7Encoding = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/**
 * Reads the delimiters from the start of an MSH segment ("MSH|^~\&|…"). Old senders sometimes declare
 * fewer than four encoding characters (the 1994 "MSH|^~}|" messages); a missing one takes the standard
 * default unless that character is already in use, in which case it is left empty (never matches).
 */
export function readEncoding(mshLine: string): Hl7Encoding | null {
  if (!mshLine.startsWith('MSH') || mshLine.length < 4) return null;
  const field = mshLine[3];
  if (/[A-Za-z0-9\r\n]/.test(field)) return null;
  const end = mshLine.indexOf(field, 4);
  const declared = end < 0 ? mshLine.slice(4) : mshLine.slice(4, end);
  const order: (keyof Omit<Hl7Encoding, 'field'>)[] = ['component', 'repetition', 'escape', 'subcomponent'];
  const used = new Set<string>([field, ...declared.slice(0, 4)]);
  const encoding: Hl7Encoding = { field, component: '', repetition: '', escape: '', subcomponent: '' };
  order.forEach((key, i) => {
    const char = declared[i];
    if (char !== undefined) {
      encoding[key] = char;
    } else if (!used.has(DEFAULT_HL7_ENCODING[key])) {
      encoding[key] = DEFAULT_HL7_ENCODING[key];
      used.add(encoding[key]);
    }
  });
  return encoding;
}

/** MSH-2 text for an encoding (used when building an ACK that answers in the sender's delimiters). */
export function encodingCharacters(encoding: Hl7Encoding): string {
  return `${encoding.component}${encoding.repetition}${encoding.escape}${encoding.subcomponent}`;
}
