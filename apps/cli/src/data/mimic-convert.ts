import { copyFileSync, createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseCsv } from '@vigil/interop';

/**
 * PhysioNet's MIMIC-III demo CSVs (upper-case names, in `raw`) → the layout `vigil import mimic` reads
 * (fixtures/mimic3-demo/SOURCE.md), in `out`: `vitals_chartevents.csv` is CHARTEVENTS cut to the charted
 * vitals, oxygen support and heart rhythm items below (758 k rows → about 114 k) with the D_ITEMS label, sorted by subject
 * and time; `outputevents.csv` gets the label too; `d_items_used.csv` is D_ITEMS cut to the items kept;
 * the other tables are copied under lower-case names.
 */
export const CHART_ITEMS: ReadonlySet<string> = new Set(
  '211 212 220045 220048 220050 220051 220052 220179 220180 220181 220210 220277 223761 223762 224690 225312 442 443 455 456 51 52 615 618 646 6701 6702 676 678 8368 8440 8441 8555 223835 3420 190 223834 470 226732 467'.split(' '),
);

export const MIMIC_RAW_FILES = ['ADMISSIONS.csv', 'CHARTEVENTS.csv', 'D_ITEMS.csv', 'D_LABITEMS.csv', 'DIAGNOSES_ICD.csv', 'ICUSTAYS.csv', 'LABEVENTS.csv', 'OUTPUTEVENTS.csv', 'PATIENTS.csv'];

const VITALS_COLUMNS = ['subject_id', 'hadm_id', 'icustay_id', 'charttime', 'storetime', 'itemid', 'label', 'value', 'valuenum', 'valueuom', 'error', 'warning'];

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (fields: readonly string[]) => fields.map(quote).join(',');

/** Rows of a CSV file with a header, streamed (a quoted field may span lines), as objects. */
async function* csvRows(path: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  let pending = '';
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    pending = pending ? `${pending}\n${line}` : line;
    if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue; // inside a quoted field
    const [fields] = parseCsv(pending);
    pending = '';
    if (!fields || (fields.length === 1 && fields[0] === '')) continue;
    if (!header) header = fields.map((h) => h.toLowerCase());
    else yield Object.fromEntries(header.map((h, i) => [h, fields[i] ?? '']));
  }
}

async function readAll(path: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const rows: Record<string, string>[] = [];
  for await (const r of csvRows(path)) rows.push(r);
  return { header: rows[0] ? Object.keys(rows[0]) : [], rows };
}

export async function convertMimicDemo(raw: string, out: string, progress: (rows: number) => void = () => undefined): Promise<{ vitals: number; outputs: number }> {
  const items = new Map<string, Record<string, string>>();
  const dItems = await readAll(join(raw, 'D_ITEMS.csv'));
  for (const r of dItems.rows) items.set(r['itemid'], r);
  const used = new Set<string>();

  const vitals: Record<string, string>[] = [];
  let seen = 0;
  for await (const r of csvRows(join(raw, 'CHARTEVENTS.csv'))) {
    if (++seen % 50_000 === 0) progress(seen);
    if (!CHART_ITEMS.has(r['itemid'])) continue;
    used.add(r['itemid']);
    vitals.push({ ...r, label: items.get(r['itemid'])?.['label'] ?? '' });
  }
  progress(seen);
  vitals.sort((a, b) => Number(a['subject_id']) - Number(b['subject_id']) || (a['charttime'] < b['charttime'] ? -1 : a['charttime'] > b['charttime'] ? 1 : 0));

  const outputs = await readAll(join(raw, 'OUTPUTEVENTS.csv'));
  const outColumns = outputs.header.flatMap((h) => (h === 'itemid' ? ['itemid', 'label'] : [h]));
  for (const r of outputs.rows) used.add(r['itemid']);
  writeFileSync(join(out, 'outputevents.csv'), [csvLine(outColumns), ...outputs.rows.map((r) => csvLine(outColumns.map((c) => (c === 'label' ? items.get(r['itemid'])?.['label'] ?? '' : r[c]))))].join('\n') + '\n');
  writeFileSync(join(out, 'd_items_used.csv'), [csvLine(dItems.header), ...dItems.rows.filter((r) => used.has(r['itemid'])).map((r) => csvLine(dItems.header.map((c) => r[c])))].join('\n') + '\n');
  for (const f of ['ADMISSIONS.csv', 'D_LABITEMS.csv', 'DIAGNOSES_ICD.csv', 'ICUSTAYS.csv', 'LABEVENTS.csv', 'PATIENTS.csv']) copyFileSync(join(raw, f), join(out, f.toLowerCase()));
  // Last: its presence tells `vigil import mimic` and data:fetch that the set is complete.
  writeFileSync(join(out, 'vitals_chartevents.csv'), [csvLine(VITALS_COLUMNS), ...vitals.map((r) => csvLine(VITALS_COLUMNS.map((c) => r[c] ?? '')))].join('\n') + '\n');
  return { vitals: vitals.length, outputs: outputs.rows.length };
}
