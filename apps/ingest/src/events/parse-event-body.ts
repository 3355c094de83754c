import { ErrorCodes, parseClinicalEventFieldwise, type ClinicalEvent, type FieldError } from '@vigil/contracts';
import { ApiError } from '../common/api-error';

export interface ParsedBatch {
  valid: { index: number; event: ClinicalEvent }[];
  rejected: { index: number; errors: FieldError[] }[];
  /** Accepted events with invalid measurement fields: those fields were refused, the rest kept (§10). */
  refusedFields: { index: number; errors: FieldError[] }[];
}

/**
 * A body is one JSON object, a JSON array, or NDJSON (one object per line). A line that is not JSON
 * rejects only that line, so nothing valid in the batch is lost.
 */
export function parseEventBody(raw: string, contentType: string | undefined): ParsedBatch {
  const items: { index: number; value: unknown; parseError?: string }[] = [];
  const text = raw.trim();
  if (text === '') throw new ApiError(400, ErrorCodes.BodyInvalid, 'empty body: send a JSON event, a JSON array of events, or NDJSON');
  const ndjson = (contentType ?? '').includes('ndjson') || (!text.startsWith('[') && text.includes('\n'));
  if (ndjson) {
    const lines = raw.split(/\r?\n/);
    let index = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        items.push({ index, value: JSON.parse(line) });
      } catch (e) {
        items.push({ index, value: undefined, parseError: `line ${index + 1} is not JSON: ${(e as Error).message}` });
      }
      index++;
    }
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ApiError(400, ErrorCodes.BodyInvalid, `body is not valid JSON: ${(e as Error).message}`);
    }
    if (Array.isArray(value)) value.forEach((v, index) => items.push({ index, value: v }));
    else items.push({ index: 0, value });
  }
  const out: ParsedBatch = { valid: [], rejected: [], refusedFields: [] };
  for (const item of items) {
    if (item.parseError) {
      out.rejected.push({ index: item.index, errors: [{ path: '(root)', code: 'invalid_json', message: item.parseError }] });
      continue;
    }
    const r = parseClinicalEventFieldwise(item.value);
    if (r.ok) {
      out.valid.push({ index: item.index, event: r.value });
      if (r.refused.length) out.refusedFields.push({ index: item.index, errors: r.refused });
    } else out.rejected.push({ index: item.index, errors: r.errors });
  }
  return out;
}
