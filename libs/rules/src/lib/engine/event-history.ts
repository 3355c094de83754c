import type { ClinicalEvent } from '@vigil/contracts';
import { toIso } from '../time';

type VitalsEvent = Extract<ClinicalEvent, { type: 'vitals' }>;

/** Vitals fields held as scaled 16-bit integers (monitor values: integers, tenths; temperature to 0.01). */
const FIELDS = ['sbp', 'dbp', 'map', 'hr', 'spo2', 'rr', 'temp', 'o2FlowLpm'] as const;
const SCALE = [10, 10, 10, 10, 10, 10, 100, 10];
const WIDTH = FIELDS.length;
const ABSENT = -32768;
const METHODS = [undefined, 'arterial', 'nibp'] as const;
const COMPACT_KEYS = new Set<string>(['id', 'patientId', 'time', 'type', 'source', 'method', ...FIELDS]);
/** An id read as a prefix and a decimal counter (`mon-12-000345`: `mon-12-` and 345, width 6). */
const ID_SHAPE = /^(.*?)(\d{1,10})$/;
const NO_SOURCE = 0;
/** Row kinds: an event object (rare types, or vitals the columns cannot hold exactly), or compact vitals. */
const OBJECT = 0;
const COMPACT = 1;

/**
 * One patient's event history in effective-time order, kept for late-event replay: the high-volume
 * vitals as typed columns (~33 bytes a reading plus ~6 in the id index, against ~260 as event objects),
 * every other event (or a vitals event the columns cannot hold exactly: an odd id, time format, value
 * or field) as the object itself. A compact row gives back an event equal to the one stored.
 * Ids are indexed by a 32-bit hash in an open-addressing table (a hit is confirmed by a scan), so a
 * resend is found without a string per stored event.
 */
export class EventHistory {
  private n = 0;
  private times = new Float64Array(16);
  private kinds = new Uint8Array(16);
  private values = new Int16Array(16 * WIDTH);
  private idPrefix = new Uint16Array(16);
  private idNumber = new Uint32Array(16);
  private sources = new Uint16Array(16);
  /** The object rows, in row order (the k-th OBJECT row is objects[k]). */
  private objects: ClinicalEvent[] = [];
  /** Interned id prefixes (`width|prefix`) and sources (index 0: none). */
  private readonly prefixes: string[] = [];
  private readonly prefixHashes: number[] = [];
  private readonly prefixIndex = new Map<string, number>();
  private readonly sourceNames: string[] = [''];
  private readonly sourceIndex = new Map<string, number>();
  /** Open-addressing set of id hashes (0 = empty), at most three quarters full. */
  private idTable = new Int32Array(32);
  private idCount = 0;

  constructor(readonly patientId: string) {}

  get length(): number {
    return this.n;
  }

  timeAt(i: number): number {
    return this.times[i];
  }

  idAt(i: number): string {
    if (this.kinds[i] === OBJECT) return this.objects[this.objectRank(i)].id;
    return this.compactId(i);
  }

  eventAt(i: number): ClinicalEvent {
    return this.kinds[i] === OBJECT ? this.objects[this.objectRank(i)] : this.materialize(i);
  }

  /** Whether an event with this id is stored. */
  has(id: string): boolean {
    return this.tableHas(idHash(id)) && this.indexOfId(id) >= 0;
  }

  indexOfId(id: string): number {
    let rank = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.kinds[i] === OBJECT) {
        if (this.objects[rank++].id === id) return i;
      } else if (this.compactId(i) === id) return i;
    }
    return -1;
  }

  /** The first stored event matching `test` among those kept as objects (urine and labs always are). */
  findObjectIndex(test: (e: ClinicalEvent) => boolean): number {
    let rank = 0;
    for (let i = 0; i < this.n; i++) if (this.kinds[i] === OBJECT && test(this.objects[rank++])) return i;
    return -1;
  }

  /** Appends (the caller keeps the order). */
  push(event: ClinicalEvent, at: number): void {
    this.insertAt(this.n, event, at);
  }

  /** Inserts in effective-time order, same-time events in id order. */
  insert(event: ClinicalEvent, at: number): void {
    let i = this.n;
    while (i > 0 && (this.times[i - 1] > at || (this.times[i - 1] === at && this.idAt(i - 1) > event.id))) i--;
    this.insertAt(i, event, at);
  }

  remove(i: number): void {
    if (this.kinds[i] === OBJECT) this.objects.splice(this.objectRank(i), 1);
    this.shift(i + 1, i);
    this.n--;
    this.rebuildIndex();
  }

  /** Calls `fn` with every event and its time, in order. */
  forEach(fn: (event: ClinicalEvent, at: number) => void): void {
    let rank = 0;
    for (let i = 0; i < this.n; i++) fn(this.kinds[i] === OBJECT ? this.objects[rank++] : this.materialize(i), this.times[i]);
  }

  /** Calls `fn` with every event at or after `from` and its time, in order. */
  forEachFrom(from: number, fn: (event: ClinicalEvent, at: number) => void): void {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    let rank = 0;
    for (let i = 0; i < lo; i++) if (this.kinds[i] === OBJECT) rank++;
    for (let i = lo; i < this.n; i++) fn(this.kinds[i] === OBJECT ? this.objects[rank++] : this.materialize(i), this.times[i]);
  }

  /** Keeps the rows for which `keep(type, at)` holds (compact rows are vitals); returns how many were dropped. */
  retain(keep: (type: ClinicalEvent['type'], at: number) => boolean): number {
    let w = 0;
    let rank = 0;
    const objects: ClinicalEvent[] = [];
    for (let r = 0; r < this.n; r++) {
      const object = this.kinds[r] === OBJECT ? this.objects[rank++] : null;
      if (!keep(object ? object.type : 'vitals', this.times[r])) continue;
      if (object) objects.push(object);
      if (w !== r) this.copyRow(r, w);
      w++;
    }
    const dropped = this.n - w;
    this.n = w;
    this.objects = objects;
    if (dropped > 0) this.rebuildIndex();
    return dropped;
  }

  /** Bytes held by the columns and the id index (object rows not counted). */
  get columnBytes(): number {
    return this.times.byteLength + this.kinds.byteLength + this.values.byteLength + this.idPrefix.byteLength + this.idNumber.byteLength + this.sources.byteLength + this.idTable.byteLength;
  }

  private insertAt(i: number, event: ClinicalEvent, at: number): void {
    if (this.n === this.times.length) this.grow();
    const compact = event.type === 'vitals' ? this.encode(event, at) : null;
    if (i < this.n) {
      this.shift(i, i + 1);
    }
    this.times[i] = at;
    if (compact) {
      this.kinds[i] = COMPACT | (compact.method << 1);
      this.values.set(compact.values, i * WIDTH);
      this.idPrefix[i] = compact.prefix;
      this.idNumber[i] = compact.number;
      this.sources[i] = compact.source;
    } else {
      this.kinds[i] = OBJECT;
      this.objects.splice(i === this.n ? this.objects.length : this.objectRank(i), 0, event);
    }
    this.n++;
    this.tableAdd(idHash(event.id));
  }

  private objectRank(i: number): number {
    let rank = 0;
    for (let r = 0; r < i; r++) if (this.kinds[r] === OBJECT) rank++;
    return rank;
  }

  /** Moves rows [from, n) to start at `to`. */
  private shift(from: number, to: number): void {
    const end = this.n;
    this.times.copyWithin(to, from, end);
    this.kinds.copyWithin(to, from, end);
    this.values.copyWithin(to * WIDTH, from * WIDTH, end * WIDTH);
    this.idPrefix.copyWithin(to, from, end);
    this.idNumber.copyWithin(to, from, end);
    this.sources.copyWithin(to, from, end);
  }

  private copyRow(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.kinds[to] = this.kinds[from];
    this.values.copyWithin(to * WIDTH, from * WIDTH, from * WIDTH + WIDTH);
    this.idPrefix[to] = this.idPrefix[from];
    this.idNumber[to] = this.idNumber[from];
    this.sources[to] = this.sources[from];
  }

  private grow(): void {
    // By a quarter: the steady state (6 h at 1 Hz, ~21,600 rows) does not sit in a half-empty doubling.
    const cap = Math.ceil(this.times.length * 1.25);
    const widen = <T extends Float64Array | Uint8Array | Int16Array | Uint16Array | Uint32Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.times = widen(this.times, cap);
    this.kinds = widen(this.kinds, cap);
    this.values = widen(this.values, cap * WIDTH);
    this.idPrefix = widen(this.idPrefix, cap);
    this.idNumber = widen(this.idNumber, cap);
    this.sources = widen(this.sources, cap);
  }

  /** The columns' form of a vitals event, or null when they could not give it back exactly. */
  private encode(e: VitalsEvent, at: number): { values: Int16Array; method: number; prefix: number; number: number; source: number } | null {
    if (e.patientId !== this.patientId || e.time !== toIso(at)) return null;
    for (const k in e) if (!COMPACT_KEYS.has(k) && (e as unknown as Record<string, unknown>)[k] !== undefined) return null;
    const method = e.method === undefined ? 0 : METHODS.indexOf(e.method);
    if (method < 0) return null;
    const values = SCRATCH;
    for (let f = 0; f < WIDTH; f++) {
      const v = (e as unknown as Record<string, unknown>)[FIELDS[f]];
      if (v === undefined) {
        values[f] = ABSENT;
        continue;
      }
      if (typeof v !== 'number') return null;
      const q = Math.round(v * SCALE[f]);
      if (q <= ABSENT || q > 32767 || q / SCALE[f] !== v || Object.is(v, -0)) return null;
      values[f] = q;
    }
    const id = splitId(e.id);
    if (!id) return null;
    let prefix = this.prefixIndex.get(id.key);
    if (prefix === undefined) {
      if (this.prefixes.length >= 65535) return null;
      prefix = this.prefixes.length;
      this.prefixes.push(id.key);
      this.prefixHashes.push(stringHash(id.key));
      this.prefixIndex.set(id.key, prefix);
    }
    let source = NO_SOURCE;
    if (e.source !== undefined) {
      if (typeof e.source !== 'string') return null;
      const known = this.sourceIndex.get(e.source);
      if (known !== undefined) source = known;
      else {
        if (this.sourceNames.length >= 65535) return null;
        source = this.sourceNames.length;
        this.sourceNames.push(e.source);
        this.sourceIndex.set(e.source, source);
      }
    }
    return { values, method, prefix, number: id.number, source };
  }

  private compactId(i: number): string {
    const key = this.prefixes[this.idPrefix[i]];
    const bar = key.indexOf('|');
    const width = Number(key.slice(0, bar));
    const digits = String(this.idNumber[i]);
    return key.slice(bar + 1) + (width > 0 ? digits.padStart(width, '0') : digits);
  }

  private materialize(i: number): VitalsEvent {
    const at = this.times[i];
    const e: Record<string, unknown> = { id: this.compactId(i), patientId: this.patientId, time: toIso(at), type: 'vitals' };
    const source = this.sources[i];
    if (source !== NO_SOURCE) e['source'] = this.sourceNames[source];
    const base = i * WIDTH;
    for (let f = 0; f < WIDTH; f++) {
      const q = this.values[base + f];
      if (q !== ABSENT) e[FIELDS[f]] = q / SCALE[f];
    }
    const method = METHODS[this.kinds[i] >> 1];
    if (method !== undefined) e['method'] = method;
    return e as unknown as VitalsEvent;
  }

  private tableHas(h: number): boolean {
    const mask = this.idTable.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const v = this.idTable[j];
      if (v === 0) return false;
      if (v === h) return true;
    }
  }

  private tableAdd(h: number): void {
    if ((this.idCount + 1) * 4 > this.idTable.length * 3) {
      this.rebuildIndex(this.idTable.length * 2);
      if (this.tableHas(h)) return;
    }
    const mask = this.idTable.length - 1;
    let j = h & mask;
    while (this.idTable[j] !== 0) {
      if (this.idTable[j] === h) return;
      j = (j + 1) & mask;
    }
    this.idTable[j] = h;
    this.idCount++;
  }

  /** Rebuilds the id index from the rows (after removals; or larger). */
  private rebuildIndex(size?: number): void {
    let cap = size ?? 32;
    while (cap * 3 < (this.n + 1) * 4) cap *= 2;
    this.idTable = new Int32Array(cap);
    this.idCount = 0;
    const mask = cap - 1;
    let rank = 0;
    for (let i = 0; i < this.n; i++) {
      const h = this.kinds[i] === OBJECT ? idHash(this.objects[rank++].id) : mixHash(this.prefixHashes[this.idPrefix[i]], this.idNumber[i]);
      let j = h & mask;
      let dup = false;
      while (this.idTable[j] !== 0) {
        if (this.idTable[j] === h) {
          dup = true;
          break;
        }
        j = (j + 1) & mask;
      }
      if (!dup) {
        this.idTable[j] = h;
        this.idCount++;
      }
    }
  }
}

const SCRATCH = new Int16Array(WIDTH);

function splitId(id: string): { key: string; number: number } | null {
  const m = ID_SHAPE.exec(id);
  if (!m) return null;
  const digits = m[2];
  // The counter column is 32-bit: a larger counter keeps its event as an object.
  if (digits.length === 10 && Number(digits) > 0xffffffff) return null;
  const width = digits.length > 1 && digits.charCodeAt(0) === 48 ? digits.length : 0;
  return { key: `${width}|${m[1]}`, number: Number(digits) };
}

/** The id's hash: from its prefix and counter when it has that shape (so compact rows hash without a string). */
function idHash(id: string): number {
  const s = splitId(id);
  return s ? mixHash(stringHash(s.key), s.number) : stringHash(id) || 1;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

function mixHash(prefixHash: number, n: number): number {
  let h = prefixHash ^ Math.imul(n | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 13;
  return h | 0 || 1;
}
