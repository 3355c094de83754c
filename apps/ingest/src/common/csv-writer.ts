/**
 * RFC 4180 CSV for spreadsheets: a field with a comma, a quote or a line break is quoted, quotes doubled.
 * Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return;
 * OWASP "CSV injection") gets a leading apostrophe, so a patient name or a note can never execute.
 * Numbers are written as they are.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
