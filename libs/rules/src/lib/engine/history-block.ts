import type { ClinicalEvent } from '@vigil/contracts';

/** Vitals fields a compact row holds, as integers scaled by SCALE (monitor values: integers, tenths; temperature to 0.01). */
export const FIELDS = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp', 'o2FlowLpm'] as const;
export const SCALE = [10, 10, 10, 10, 10, 10, 100, 10];
export const WIDTH = FIELDS.length;
/** Rows a block takes by appending before it is sealed; a block grown past MAX_ROWS by late inserts is split. */
export const BLOCK_ROWS = 512;
export const MAX_ROWS = 2 * BLOCK_ROWS;

/** One row in decoded form (the block codec's input and output). */
export interface RowColumns {
  times: Float64Array;
  /** 0: an object row; otherwise 1 | method << 1 (compact vitals). */
  kinds: Uint8Array;
  /** Bit f set: field f present. */
  masks: Uint8Array;
  values: Int32Array;
  prefixes: Int32Array;
  numbers: Float64Array;
  sources: Int32Array;
  /** For object rows, the event. */
  objects: (ClinicalEvent | null)[];
}

/** Encoder state carried from row to row (and kept for the block still being appended to). */
export const STATE_LENGTH = 7 + WIDTH;
const S_TIME = 0;
const S_DT = 1;
const S_MASK = 2;
const S_PREFIX = 3;
const S_NUMBER = 4;
const S_DN = 5;
const S_SOURCE = 6;
const S_VALUES = 7;

/** Header bits. Bit 0 set: an object row (bit 1: its time is written as a raw float64). */
const H_OBJECT = 1;
const H_RAW_TIME = 2;
/** Compact rows: bits 1–2 method, then "same as the previous row" flags. */
const H_SAME_DT = 8;
const H_SAME_MASK = 16;
const H_SAME_PREFIX = 32;
const H_SAME_DN = 64;
const H_SAME_SOURCE = 128;

/**
 * A run of one patient's history rows in effective-time order, compressed: each compact (vitals) row is
 * a header byte of "same as the previous row" flags, then only what differs, as zigzag varints of the
 * change (time step, field mask, id prefix, id counter step, source, and each present field's change
 * from its last value in the block). A 1 Hz monitor reading costs about one byte a field plus one.
 * Object rows (every other event) keep the event itself in `objects` and their time in the stream.
 * The last block of a history is appended to in place (`used` of `bytes`, with the encoder state kept by
 * the history); every other block is immutable: a change decodes it and writes a new one.
 */
export class HistoryBlock {
  n = 0;
  /** Effective times of the first and last rows. */
  first = Number.NaN;
  last = Number.NaN;
  /** The smallest and largest id counter among the compact rows (NaN: none): a lookup by id skips the block outside them. */
  minNumber = Number.NaN;
  maxNumber = Number.NaN;
  bytes: Uint8Array = EMPTY;
  used = 0;
  /** The object rows' events and their row offsets, in row order. */
  objects: ClinicalEvent[] = [];
  objectRows: number[] = [];

  /** Appends one row (row r of `rows`) to this block, continuing from `state`. */
  append(rows: RowColumns, r: number, state: Float64Array): void {
    const at = rows.times[r];
    if (this.n === 0) this.first = at;
    this.last = at;
    const obj = rows.kinds[r] === 0 ? rows.objects[r] : null;
    this.ensure(16 + 3 * WIDTH + 12);
    const b = this.bytes;
    let p = this.used;
    if (obj) {
      const dt = at - state[S_TIME];
      if (Number.isSafeInteger(at) && Number.isSafeInteger(dt)) {
        b[p++] = H_OBJECT;
        p = HistoryBlock.writeSigned(b, p, dt);
      } else {
        b[p++] = H_OBJECT | H_RAW_TIME;
        RAW_F64[0] = at;
        b.set(RAW_U8, p);
        p += 8;
      }
      this.objectRows.push(this.n);
      this.objects.push(obj);
    } else {
      // Compact rows only: their times are integers (the event's ISO time gives them back exactly).
      const dt = at - state[S_TIME];
      const mask = rows.masks[r];
      const prefix = rows.prefixes[r];
      const num = rows.numbers[r];
      const dn = num - state[S_NUMBER];
      const source = rows.sources[r];
      let h = rows.kinds[r] & 6;
      if (dt === state[S_DT]) h |= H_SAME_DT;
      if (mask === state[S_MASK]) h |= H_SAME_MASK;
      if (prefix === state[S_PREFIX]) h |= H_SAME_PREFIX;
      if (dn === state[S_DN]) h |= H_SAME_DN;
      if (source === state[S_SOURCE]) h |= H_SAME_SOURCE;
      b[p++] = h;
      if (!(h & H_SAME_DT)) p = HistoryBlock.writeSigned(b, p, dt);
      if (!(h & H_SAME_MASK)) b[p++] = mask;
      if (!(h & H_SAME_PREFIX)) p = HistoryBlock.writeSigned(b, p, prefix);
      if (!(h & H_SAME_DN)) p = HistoryBlock.writeSigned(b, p, dn);
      if (!(h & H_SAME_SOURCE)) p = HistoryBlock.writeSigned(b, p, source);
      const base = r * WIDTH;
      for (let f = 0; f < WIDTH; f++) {
        if (!(mask & (1 << f))) continue;
        const v = rows.values[base + f];
        p = HistoryBlock.writeSigned(b, p, v - state[S_VALUES + f]);
        state[S_VALUES + f] = v;
      }
      state[S_TIME] = at;
      state[S_DT] = dt;
      state[S_MASK] = mask;
      state[S_PREFIX] = prefix;
      state[S_NUMBER] = num;
      state[S_DN] = dn;
      state[S_SOURCE] = source;
      if (!(num >= this.minNumber)) this.minNumber = num;
      if (!(num <= this.maxNumber)) this.maxNumber = num;
    }
    this.used = p;
    this.n++;
  }

  /** Decodes every row into `rows` from row `start` on; returns the row after the last. */
  decodeInto(rows: RowColumns, start: number): number {
    const b = this.bytes;
    const state = DECODE_STATE;
    HistoryBlock.initialState(state);
    let p = 0;
    let k = 0;
    let r = start;
    for (let i = 0; i < this.n; i++, r++) {
      const h = b[p++];
      if (h & H_OBJECT) {
        if (h & H_RAW_TIME) {
          RAW_U8.set(b.subarray(p, p + 8));
          rows.times[r] = RAW_F64[0];
          p += 8;
        } else {
          p = HistoryBlock.readSigned(b, p);
          rows.times[r] = state[S_TIME] + READ[0];
        }
        rows.kinds[r] = 0;
        rows.objects[r] = this.objects[k++];
        continue;
      }
      let dt = state[S_DT];
      if (!(h & H_SAME_DT)) {
        p = HistoryBlock.readSigned(b, p);
        dt = READ[0];
      }
      let mask = state[S_MASK];
      if (!(h & H_SAME_MASK)) mask = b[p++];
      let prefix = state[S_PREFIX];
      if (!(h & H_SAME_PREFIX)) {
        p = HistoryBlock.readSigned(b, p);
        prefix = READ[0];
      }
      let dn = state[S_DN];
      if (!(h & H_SAME_DN)) {
        p = HistoryBlock.readSigned(b, p);
        dn = READ[0];
      }
      let source = state[S_SOURCE];
      if (!(h & H_SAME_SOURCE)) {
        p = HistoryBlock.readSigned(b, p);
        source = READ[0];
      }
      const base = r * WIDTH;
      for (let f = 0; f < WIDTH; f++) {
        if (!(mask & (1 << f))) continue;
        p = HistoryBlock.readSigned(b, p);
        const v = state[S_VALUES + f] + READ[0];
        state[S_VALUES + f] = v;
        rows.values[base + f] = v;
      }
      const at = state[S_TIME] + dt;
      const num = state[S_NUMBER] + dn;
      rows.times[r] = at;
      rows.kinds[r] = 1 | (h & 6);
      rows.masks[r] = mask;
      rows.prefixes[r] = prefix;
      rows.numbers[r] = num;
      rows.sources[r] = source;
      rows.objects[r] = null;
      state[S_TIME] = at;
      state[S_DT] = dt;
      state[S_MASK] = mask;
      state[S_PREFIX] = prefix;
      state[S_NUMBER] = num;
      state[S_DN] = dn;
      state[S_SOURCE] = source;
    }
    return r;
  }

  /** Drops the spare capacity (a block no longer appended to). */
  trim(): void {
    if (this.bytes.length !== this.used) this.bytes = this.bytes.slice(0, this.used);
  }

  private ensure(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(64, Math.ceil((this.used + extra) * 1.5)));
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }

  /** A new block of rows [from, to) of `rows`; `state` ends as the encoder state after its last row. */
  static encode(rows: RowColumns, from: number, to: number, state: Float64Array): HistoryBlock {
    HistoryBlock.initialState(state);
    const block = new HistoryBlock();
    for (let r = from; r < to; r++) block.append(rows, r, state);
    return block;
  }

  static initialState(state: Float64Array): void {
    state.fill(0);
    state[S_DT] = Number.NaN;
    state[S_MASK] = -1;
    state[S_PREFIX] = -1;
    state[S_DN] = Number.NaN;
    state[S_SOURCE] = -1;
  }

  /** Writes a safe integer as a zigzag varint (arithmetic, not bit operations: times need 53 bits). */
  static writeSigned(b: Uint8Array, p: number, v: number): number {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 128) {
      b[p++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    b[p++] = z;
    return p;
  }

  /** Reads a zigzag varint at p into READ[0]; returns the position after it. */
  static readSigned(b: Uint8Array, p: number): number {
    let z = 0;
    let mul = 1;
    for (;;) {
      const c = b[p++];
      z += (c & 127) * mul;
      if (c < 128) break;
      mul *= 128;
    }
    READ[0] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    return p;
  }
}

const EMPTY = new Uint8Array(0);
const RAW_F64 = new Float64Array(1);
const RAW_U8 = new Uint8Array(RAW_F64.buffer);
const READ = new Float64Array(1);
const DECODE_STATE = new Float64Array(STATE_LENGTH);
