import type { ClinicalEvent } from '@vigil/contracts';
import { toIso } from '../time';
import { BLOCK_ROWS, FIELDS, HistoryBlock, MAX_ROWS, SCALE, STATE_LENGTH, WIDTH, type RowColumns } from './history-block';

type VitalsEvent = Extract<ClinicalEvent, { type: 'vitals' }>;

const METHODS = [undefined, 'arterial', 'nibp'] as const;
const COMPACT_KEYS = new Set<string>(['id', 'patientId', 'time', 'type', 'source', 'method', ...FIELDS]);
/** An id read as a prefix and a decimal counter (`mon-12-000345`: `mon-12-` and 345, width 6). */
const ID_SHAPE = /^(.*?)(\d{1,10})$/;
const NO_SOURCE = 0;
const INT16_MIN = -32768;

/**
 * One patient's event history in effective-time order, kept for late-event replay: the high-volume
 * vitals as compressed rows in blocks of up to 512 (history-block: about one byte a field, ~8 bytes a
 * 1 Hz monitor reading, against ~43 as fixed-width columns and ~260 as event objects), every other
 * event (or a vitals event a compact row cannot give back exactly: an odd id, time format, value or
 * field) as the object itself. A compact row gives back an event equal to the one stored.
 * Finding an id: object rows by a set of their ids; compact rows by their interned prefix and the
 * blocks whose counter range holds the counter (a monitor's counters rise, so a new reading is
 * answered without decoding anything).
 */
export class EventHistory {
  private n = 0;
  private blocks: HistoryBlock[] = [];
  /** The encoder state after the last block's last row (valid while `appendable`). */
  private readonly tailState = new Float64Array(STATE_LENGTH);
  /** Whether the last block takes appends (false after it was sealed or replaced). */
  private appendable = false;
  /** Ids of the object rows. */
  private readonly objectIds = new Set<string>();
  /** Interned id prefixes (`width|prefix`) and sources (index 0: none). */
  private readonly prefixes: string[] = [];
  private readonly prefixIndex = new Map<string, number>();
  private readonly sourceNames: string[] = [''];
  private readonly sourceIndex = new Map<string, number>();

  constructor(readonly patientId: string) {}

  get length(): number {
    return this.n;
  }

  timeAt(i: number): number {
    const r = this.decodeRow(i);
    return ROWS.times[r];
  }

  idAt(i: number): string {
    return this.rowId(this.decodeRow(i));
  }

  eventAt(i: number): ClinicalEvent {
    return this.rowEvent(this.decodeRow(i));
  }

  /** Whether an event with this id is stored. */
  has(id: string): boolean {
    return this.objectIds.has(id) || this.compactIndexOf(id) >= 0;
  }

  indexOfId(id: string): number {
    if (this.objectIds.has(id)) {
      let base = 0;
      for (const b of this.blocks) {
        for (let k = 0; k < b.objects.length; k++) if (b.objects[k].id === id) return base + b.objectRows[k];
        base += b.n;
      }
    }
    return this.compactIndexOf(id);
  }

  /** The first stored event matching `test` among those kept as objects (urine and labs always are). */
  findObjectIndex(test: (e: ClinicalEvent) => boolean): number {
    let base = 0;
    for (const b of this.blocks) {
      for (let k = 0; k < b.objects.length; k++) if (test(b.objects[k])) return base + b.objectRows[k];
      base += b.n;
    }
    return -1;
  }

  /** Appends (the caller keeps the order). */
  push(event: ClinicalEvent, at: number): void {
    this.toRow(event, at, ONE, 0);
    this.appendRow(ONE, 0);
  }

  /** Inserts in effective-time order, same-time events in id order. */
  insert(event: ClinicalEvent, at: number): void {
    const blocks = this.blocks;
    // The block to insert into: the last one whose first row is not after the event (else the first).
    let b = blocks.length - 1;
    while (b > 0 && blocks[b].first >= at && this.after(b, 0, event.id, at)) b--;
    if (b < 0) {
      this.push(event, at);
      return;
    }
    const block = blocks[b];
    if (b === blocks.length - 1 && (block.last < at || !this.after(b, block.n - 1, event.id, at))) {
      this.push(event, at);
      return;
    }
    const rows = this.decodeBlock(b);
    let i = block.n;
    while (i > 0 && (rows.times[i - 1] > at || (rows.times[i - 1] === at && this.rowId(i - 1) > event.id))) i--;
    shiftRows(rows, i, i + 1, block.n);
    this.toRow(event, at, rows, i);
    this.replaceBlock(b, block.n + 1);
  }

  remove(i: number): void {
    const { b, r } = this.locate(i);
    const block = this.blocks[b];
    const rows = this.decodeBlock(b);
    const obj = rows.objects[r];
    if (obj) this.objectIds.delete(obj.id);
    shiftRows(rows, r + 1, r, block.n);
    this.replaceBlock(b, block.n - 1);
  }

  /** Calls `fn` with every event and its time, in order. */
  forEach(fn: (event: ClinicalEvent, at: number) => void): void {
    this.forEachFrom(Number.NEGATIVE_INFINITY, fn);
  }

  /** Calls `fn` with every event at or after `from` and its time, in order. */
  forEachFrom(from: number, fn: (event: ClinicalEvent, at: number) => void): void {
    // Decoded into a buffer of its own (`fn` may look rows up meanwhile), shared unless a walk is already using it.
    const rows = WALK.busy ? newRows(MAX_ROWS + 1) : WALK.rows;
    const own = rows === WALK.rows;
    if (own) WALK.busy = true;
    try {
      for (const block of this.blocks) {
        if (block.last < from) continue;
        block.decodeInto(rows, 0);
        for (let r = 0; r < block.n; r++) if (rows.times[r] >= from) fn(this.materialize(rows, r), rows.times[r]);
      }
    } finally {
      if (own) WALK.busy = false;
    }
  }

  /**
   * Keeps the rows for which `keep(type, at)` holds (compact rows are vitals); returns how many were
   * dropped. For vitals, `keep` must not go from true to false as time goes on (a block of vitals only
   * is kept or dropped whole by its first and last rows).
   */
  retain(keep: (type: ClinicalEvent['type'], at: number) => boolean): number {
    const before = this.n;
    const oldLast = this.blocks[this.blocks.length - 1];
    const out: HistoryBlock[] = [];
    const seal = (block: HistoryBlock) => {
      if (block !== oldLast) block.trim();
      out.push(block);
    };
    // Rows waiting to be written as one block (small leftovers are merged).
    let pending = 0;
    const rows = MERGE;
    const flush = () => {
      if (pending === 0) return;
      for (let s = 0; s < pending; s += BLOCK_ROWS) {
        const block = HistoryBlock.encode(rows, s, Math.min(pending, s + BLOCK_ROWS), SCRATCH_STATE);
        block.trim();
        out.push(block);
      }
      pending = 0;
    };
    for (const block of this.blocks) {
      if (block.objects.length === 0) {
        if (!keep('vitals', block.last)) continue;
        if (keep('vitals', block.first)) {
          if (pending > 0 && pending + block.n <= BLOCK_ROWS) pending = block.decodeInto(rows, pending);
          else {
            flush();
            seal(block);
          }
          continue;
        }
      }
      const start = pending;
      const end = block.decodeInto(rows, start);
      let w = start;
      for (let r = start; r < end; r++) {
        const obj = rows.objects[r];
        if (!keep(obj ? obj.type : 'vitals', rows.times[r])) {
          if (obj) this.objectIds.delete(obj.id);
          continue;
        }
        if (w !== r) copyRow(rows, r, w);
        w++;
      }
      pending = w;
      if (w - start === block.n && start === 0 && block.n >= BLOCK_ROWS / 4) {
        // Unchanged and not small: kept as it is.
        pending = 0;
        seal(block);
      } else if (pending >= BLOCK_ROWS) flush();
    }
    flush();
    this.blocks = out;
    this.n = 0;
    for (const b of out) this.n += b.n;
    // The last block still takes appends if it was kept as it was (its encoder state is still tailState's).
    this.appendable = this.appendable && out.length > 0 && out[out.length - 1] === oldLast;
    DECODED.block = null;
    return before - this.n;
  }

  /** Bytes held by the compressed rows (object rows' events not counted). */
  get columnBytes(): number {
    let bytes = 0;
    for (const b of this.blocks) bytes += b.bytes.byteLength;
    return bytes;
  }

  /** Whether row r of block b comes after an event (time `at`, id `id`) in history order. */
  private after(b: number, r: number, id: string, at: number): boolean {
    const rows = this.decodeBlock(b);
    return rows.times[r] > at || (rows.times[r] === at && this.rowId(r) > id);
  }

  private appendRow(rows: RowColumns, r: number): void {
    let last = this.blocks[this.blocks.length - 1];
    if (!last || !this.appendable || last.n >= BLOCK_ROWS) {
      if (last) last.trim();
      last = new HistoryBlock();
      HistoryBlock.initialState(this.tailState);
      this.blocks.push(last);
      this.appendable = true;
    }
    last.append(rows, r, this.tailState);
    const obj = rows.kinds[r] === 0 ? rows.objects[r] : null;
    if (obj) this.objectIds.add(obj.id);
    this.n++;
    if (DECODED.block === last) DECODED.block = null;
  }

  /** Writes ROWS[0, count) (block b, changed) back as block b (split if it grew too large; dropped if empty). */
  private replaceBlock(b: number, count: number): void {
    const rows = ROWS;
    const isLast = b === this.blocks.length - 1;
    const made: HistoryBlock[] = [];
    // A block grown past MAX_ROWS by late inserts is split in two halves.
    const cuts = count === 0 ? [] : count <= MAX_ROWS ? [0, count] : [0, count >> 1, count];
    for (let k = 0; k + 1 < cuts.length; k++) made.push(HistoryBlock.encode(rows, cuts[k], cuts[k + 1], isLast ? this.tailState : SCRATCH_STATE));
    for (let k = 0; k < made.length; k++) if (!isLast || k < made.length - 1) made[k].trim();
    this.n += count - this.blocks[b].n;
    this.blocks.splice(b, 1, ...made);
    for (let r = 0; r < count; r++) {
      const obj = rows.objects[r];
      if (obj) this.objectIds.add(obj.id);
    }
    // The re-encoded last block ends with the encoder state in tailState (the last encode wrote it).
    if (isLast) this.appendable = made.length > 0;
    DECODED.block = null;
  }

  private locate(i: number): { b: number; r: number } {
    let r = i;
    for (let b = 0; b < this.blocks.length; b++) {
      if (r < this.blocks[b].n) return { b, r };
      r -= this.blocks[b].n;
    }
    throw new RangeError(`EventHistory: no row ${i} of ${this.n}`);
  }

  /** Decodes the block holding row i into ROWS; returns the row's offset there. */
  private decodeRow(i: number): number {
    const { b, r } = this.locate(i);
    this.decodeBlock(b);
    return r;
  }

  private decodeBlock(b: number): RowColumns {
    const block = this.blocks[b];
    if (DECODED.block !== block || DECODED.used !== block.used || DECODED.n !== block.n) {
      block.decodeInto(ROWS, 0);
      DECODED.block = block;
      DECODED.used = block.used;
      DECODED.n = block.n;
    }
    return ROWS;
  }

  /** Index of the compact row with this id, or -1. */
  private compactIndexOf(id: string): number {
    const split = splitId(id);
    if (!split) return -1;
    const prefix = this.prefixIndex.get(split.key);
    if (prefix === undefined) return -1;
    let base = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b];
      if (split.number >= block.minNumber && split.number <= block.maxNumber) {
        const rows = this.decodeBlock(b);
        for (let r = 0; r < block.n; r++) if (rows.kinds[r] !== 0 && rows.numbers[r] === split.number && rows.prefixes[r] === prefix) return base + r;
      }
      base += block.n;
    }
    return -1;
  }

  private rowId(r: number): string {
    const obj = ROWS.objects[r];
    return obj ? obj.id : this.compactId(ROWS, r);
  }

  private rowEvent(r: number): ClinicalEvent {
    return this.materialize(ROWS, r);
  }

  /** Row r of `rows` from an event: compact when it can give the event back exactly. */
  private toRow(event: ClinicalEvent, at: number, rows: RowColumns, r: number): void {
    rows.times[r] = at;
    if (event.type === 'vitals' && this.encode(event, at, rows, r)) return;
    rows.kinds[r] = 0;
    rows.objects[r] = event;
  }

  /** The compact form of a vitals event in row r, or false when it could not give it back exactly. */
  private encode(e: VitalsEvent, at: number, rows: RowColumns, r: number): boolean {
    if (e.patientId !== this.patientId || e.time !== toIso(at)) return false;
    for (const k in e) if (!COMPACT_KEYS.has(k) && (e as unknown as Record<string, unknown>)[k] !== undefined) return false;
    const method = e.method === undefined ? 0 : METHODS.indexOf(e.method);
    if (method < 0) return false;
    let mask = 0;
    const base = r * WIDTH;
    for (let f = 0; f < WIDTH; f++) {
      const v = (e as unknown as Record<string, unknown>)[FIELDS[f]];
      if (v === undefined) continue;
      if (typeof v !== 'number') return false;
      const q = Math.round(v * SCALE[f]);
      if (q <= INT16_MIN || q > 32767 || q / SCALE[f] !== v || Object.is(v, -0)) return false;
      rows.values[base + f] = q;
      mask |= 1 << f;
    }
    const id = splitId(e.id);
    if (!id) return false;
    let prefix = this.prefixIndex.get(id.key);
    if (prefix === undefined) {
      if (this.prefixes.length >= 65535) return false;
      prefix = this.prefixes.length;
      this.prefixes.push(id.key);
      this.prefixIndex.set(id.key, prefix);
    }
    let source = NO_SOURCE;
    if (e.source !== undefined) {
      if (typeof e.source !== 'string') return false;
      const known = this.sourceIndex.get(e.source);
      if (known !== undefined) source = known;
      else {
        if (this.sourceNames.length >= 65535) return false;
        source = this.sourceNames.length;
        this.sourceNames.push(e.source);
        this.sourceIndex.set(e.source, source);
      }
    }
    rows.kinds[r] = 1 | (method << 1);
    rows.masks[r] = mask;
    rows.prefixes[r] = prefix;
    rows.numbers[r] = id.number;
    rows.sources[r] = source;
    rows.objects[r] = null;
    return true;
  }

  private compactId(rows: RowColumns, r: number): string {
    const key = this.prefixes[rows.prefixes[r]];
    const bar = key.indexOf('|');
    const width = Number(key.slice(0, bar));
    const digits = String(rows.numbers[r]);
    return key.slice(bar + 1) + (width > 0 ? digits.padStart(width, '0') : digits);
  }

  private materialize(rows: RowColumns, r: number): ClinicalEvent {
    const obj = rows.objects[r];
    if (obj) return obj;
    const at = rows.times[r];
    const e: Record<string, unknown> = { id: this.compactId(rows, r), patientId: this.patientId, time: toIso(at), type: 'vitals' };
    const source = rows.sources[r];
    if (source !== NO_SOURCE) e['source'] = this.sourceNames[source];
    const base = r * WIDTH;
    const mask = rows.masks[r];
    for (let f = 0; f < WIDTH; f++) if (mask & (1 << f)) e[FIELDS[f]] = rows.values[base + f] / SCALE[f];
    const method = METHODS[rows.kinds[r] >> 1];
    if (method !== undefined) e['method'] = method;
    return e as unknown as VitalsEvent;
  }
}

function newRows(cap: number): RowColumns {
  return {
    times: new Float64Array(cap),
    kinds: new Uint8Array(cap),
    masks: new Uint8Array(cap),
    values: new Int32Array(cap * WIDTH),
    prefixes: new Int32Array(cap),
    numbers: new Float64Array(cap),
    sources: new Int32Array(cap),
    objects: new Array<ClinicalEvent | null>(cap).fill(null),
  };
}

/** Moves rows [from, end) to start at `to`. */
function shiftRows(rows: RowColumns, from: number, to: number, end: number): void {
  rows.times.copyWithin(to, from, end);
  rows.kinds.copyWithin(to, from, end);
  rows.masks.copyWithin(to, from, end);
  rows.values.copyWithin(to * WIDTH, from * WIDTH, end * WIDTH);
  rows.prefixes.copyWithin(to, from, end);
  rows.numbers.copyWithin(to, from, end);
  rows.sources.copyWithin(to, from, end);
  rows.objects.copyWithin(to, from, end);
}

function copyRow(rows: RowColumns, from: number, to: number): void {
  shiftRows(rows, from, to, from + 1);
}

/**
 * Decoding buffers shared by every history (the engine is single-threaded): ROWS holds the block last
 * decoded for a lookup (DECODED says which, so repeated lookups in one block decode it once), MERGE the
 * rows retain() is regrouping, ONE a row being appended, WALK the block a forEach is at.
 */
const ROWS = newRows(MAX_ROWS + 1);
const MERGE = newRows(MAX_ROWS + BLOCK_ROWS + 1);
const ONE = newRows(1);
const WALK = { rows: newRows(MAX_ROWS + 1), busy: false };
const DECODED: { block: HistoryBlock | null; used: number; n: number } = { block: null, used: 0, n: 0 };
const SCRATCH_STATE = new Float64Array(STATE_LENGTH);

function splitId(id: string): { key: string; number: number } | null {
  const m = ID_SHAPE.exec(id);
  if (!m) return null;
  const digits = m[2];
  // The counter is at most 32-bit: a larger one keeps its event as an object.
  if (digits.length === 10 && Number(digits) > 0xffffffff) return null;
  const width = digits.length > 1 && digits.charCodeAt(0) === 48 ? digits.length : 0;
  return { key: `${width}|${m[1]}`, number: Number(digits) };
}
