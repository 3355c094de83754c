import { parseClinicalEventFieldwise } from '@vigil/contracts';
import { parseStreamLine } from './stream-line';

/**
 * The stream with each invalid part taken out (§10: nothing valid is lost), and what was refused:
 * a vitals event's bad measurement fields are dropped and the event kept; a line that is still not
 * a valid event or tick is blanked (line numbers stay). Each note names FILE:LINE and the field.
 */
export function refuseInvalid(text: string, name: string): { text: string; notes: string[] } {
  const lines = text.split('\n');
  const notes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      parseStreamLine(lines[i], name, i + 1);
      continue;
    } catch (e) {
      let obj: unknown;
      try {
        obj = JSON.parse(lines[i]);
      } catch {
        obj = undefined;
      }
      const partial = obj === undefined ? null : parseClinicalEventFieldwise(obj);
      if (partial?.ok) {
        lines[i] = JSON.stringify(partial.value);
        for (const f of partial.refused) notes.push(`${name}:${i + 1}: ${f.path}: ${f.message} (field refused; the event's other fields replayed)`);
      } else {
        lines[i] = '';
        notes.push(`${(e as Error).message} (line skipped)`);
      }
    }
  }
  return { text: lines.join('\n'), notes };
}
