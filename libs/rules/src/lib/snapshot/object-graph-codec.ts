import { base64ToBytes, bytesToBase64 } from './base64';

/**
 * A generic, lossless codec for a graph of in-memory state, to plain JSON-safe data and back.
 *
 * Every object becomes one entry of a table and is referred to by its index, so shared references
 * and cycles survive. Handled: plain objects, arrays, Map, Set, Date, ArrayBuffer and typed arrays
 * (bytes exact: NaN, −0), instances of registered classes (restored with Object.create(prototype) and
 * their own fields, so a field added to a class is captured without any per-class code), and
 * registered external values (functions, shared constants) by name. Numbers that JSON cannot carry
 * (NaN, ±Infinity, −0), undefined and bigint are tagged. Anything else (an unregistered class, an
 * unnamed function or closure, a WeakMap, a symbol key) is refused with the path to it: state that
 * cannot be captured must fail loudly, never be restored half.
 */
export interface GraphCodecRegistry {
  /** Class name → constructor (its prototype is used on restore). */
  classes: Readonly<Record<string, abstract new (...args: never[]) => unknown>>;
}

export interface EncodeExternals {
  /** Values that are not state but wiring (functions, shared instances), written by name. */
  nameOf(value: unknown): string | undefined;
}

export interface DecodeExternals {
  valueOf(name: string): unknown;
}

/** The encoded graph: `root` and `objects` hold only JSON values. */
export interface EncodedGraph {
  root: EncodedValue;
  objects: EncodedObject[];
}

export type EncodedValue = string | number | boolean | null | { $r: number } | { $n: 'NaN' | 'Infinity' | '-Infinity' | '-0' } | { $u: 1 } | { $b: string } | { $x: string };

export type EncodedObject =
  | { o: Record<string, EncodedValue>; z?: 1; p?: null }
  | { c: string; f: Record<string, EncodedValue>; z?: 1 }
  | { a: EncodedValue[]; z?: 1 }
  | { m: Array<[EncodedValue, EncodedValue]> }
  | { s: EncodedValue[] }
  | { d: number }
  | { ab: string }
  | { t: TypedArrayName; b: number; off: number; l: number };

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

export class GraphCodecError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = 'GraphCodecError';
  }
}

export function encodeGraph(root: unknown, registry: GraphCodecRegistry, externals: EncodeExternals): EncodedGraph {
  const classNames = new Map<object, string>();
  for (const [name, ctor] of Object.entries(registry.classes)) classNames.set(ctor.prototype as object, name);
  const ids = new Map<object, number>();
  const queue: object[] = [];
  // Where each object was first found (parent entry and key), to name the path of a refused value.
  const parent: number[] = [];
  const via: string[] = [];
  const objects: EncodedObject[] = [];
  let current = -1;

  const pathOf = (id: number, key: string): string => {
    const parts = [key];
    for (let i = id; i >= 0; i = parent[i]) parts.push(via[i]);
    return parts.reverse().join('');
  };

  const value = (v: unknown, key: string): EncodedValue => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isFinite(v)) return Object.is(v, -0) ? { $n: '-0' } : v;
        return { $n: v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
      case 'undefined':
        return { $u: 1 };
      case 'bigint':
        return { $b: v.toString() };
      case 'symbol':
        throw new GraphCodecError('a symbol cannot be captured', pathOf(current, key));
      case 'function': {
        const name = externals.nameOf(v);
        if (name === undefined) throw new GraphCodecError(`function ${(v as { name?: string }).name || '(anonymous)'} is not a registered external (state held in a closure cannot be captured)`, pathOf(current, key));
        return { $x: name };
      }
      default: {
        if (v === null) return null;
        const name = externals.nameOf(v);
        if (name !== undefined) return { $x: name };
        let id = ids.get(v as object);
        if (id === undefined) {
          id = queue.length;
          ids.set(v as object, id);
          queue.push(v as object);
          parent.push(current);
          via.push(key);
        }
        return { $r: id };
      }
    }
  };

  const fields = (obj: object): Record<string, EncodedValue> => {
    if (Object.getOwnPropertySymbols(obj).length > 0) throw new GraphCodecError('symbol-keyed properties cannot be captured', pathOf(current, ''));
    const out: Record<string, EncodedValue> = {};
    for (const k of Object.keys(obj)) out[k] = value((obj as Record<string, unknown>)[k], `.${k}`);
    return out;
  };

  const rootValue = value(root, '$');
  for (let i = 0; i < queue.length; i++) {
    current = i;
    const obj = queue[i];
    const frozen = Object.isFrozen(obj) ? ({ z: 1 } as const) : {};
    let entry: EncodedObject;
    // Kinds by their built-in tag, not instanceof: values may come from another realm (a test VM, a worker).
    const tag = Object.prototype.toString.call(obj);
    if (Array.isArray(obj)) {
      const a: EncodedValue[] = new Array(obj.length);
      for (let j = 0; j < obj.length; j++) a[j] = value(obj[j], `[${j}]`);
      entry = { a, ...frozen };
    } else if (tag === '[object Map]') {
      const m: Array<[EncodedValue, EncodedValue]> = [];
      let j = 0;
      for (const [k, v] of obj as Map<unknown, unknown>) {
        m.push([value(k, `<key ${j}>`), value(v, typeof k === 'string' ? `.get(${JSON.stringify(k)})` : `<value ${j}>`)]);
        j++;
      }
      entry = { m };
    } else if (tag === '[object Set]') {
      const s: EncodedValue[] = [];
      let j = 0;
      for (const v of obj as Set<unknown>) s.push(value(v, `<element ${j++}>`));
      entry = { s };
    } else if (tag === '[object Date]') {
      entry = { d: (obj as Date).getTime() };
    } else if (tag === '[object ArrayBuffer]') {
      entry = { ab: bytesToBase64(new Uint8Array(obj as ArrayBuffer)) };
    } else if (ArrayBuffer.isView(obj)) {
      const name = tag.slice(8, -1) as TypedArrayName;
      if (!(name in TYPED_ARRAYS)) throw new GraphCodecError(`${name} cannot be captured`, pathOf(i, ''));
      const t = obj as AnyTypedArray;
      const b = value(t.buffer, '.buffer') as { $r: number };
      entry = { t: name, b: b.$r, off: t.byteOffset, l: t.length };
    } else {
      const proto = Object.getPrototypeOf(obj);
      if (proto === Object.prototype) entry = { o: fields(obj), ...frozen };
      else if (proto === null) entry = { o: fields(obj), p: null, ...frozen };
      else {
        const name = classNames.get(proto);
        if (name === undefined) throw new GraphCodecError(`an instance of ${proto?.constructor?.name ?? 'an unknown class'} is not registered for snapshots (add it to the snapshot class registry)`, pathOf(i, ''));
        entry = { c: name, f: fields(obj), ...frozen };
      }
    }
    objects.push(entry);
  }
  return { root: rootValue, objects };
}

/**
 * Restores what encodeGraph wrote. `into`, when given, receives the root object's fields instead of a
 * new object (so externals can be bound to it before decoding, e.g. a closure over the engine).
 */
export function decodeGraph(graph: EncodedGraph, registry: GraphCodecRegistry, externals: DecodeExternals, into?: object): unknown {
  const { objects } = graph;
  const shells: unknown[] = new Array(objects.length);
  const rootId = typeof graph.root === 'object' && graph.root !== null && '$r' in graph.root ? graph.root.$r : -1;
  // Pass 1: every object exists (buffers with their bytes), so references resolve in any order.
  for (let i = 0; i < objects.length; i++) {
    const e = objects[i];
    if ('t' in e) continue; // typed arrays: once every buffer exists
    if ('o' in e) shells[i] = i === rootId && into ? into : e.p === null ? Object.create(null) : {};
    else if ('c' in e) {
      const ctor = registry.classes[e.c];
      if (!ctor) throw new GraphCodecError(`class ${e.c} is not registered`, `#${i}`);
      shells[i] = i === rootId && into ? into : Object.create(ctor.prototype as object);
    } else if ('a' in e) shells[i] = new Array(e.a.length);
    else if ('m' in e) shells[i] = new Map();
    else if ('s' in e) shells[i] = new Set();
    else if ('d' in e) shells[i] = new Date(e.d);
    else if ('ab' in e) shells[i] = base64ToBytes(e.ab).buffer;
  }
  for (let i = 0; i < objects.length; i++) {
    const e = objects[i];
    if (!('t' in e)) continue;
    const ctor = TYPED_ARRAYS[e.t];
    if (!ctor) throw new GraphCodecError(`unknown typed array ${e.t}`, `#${i}`);
    shells[i] = new ctor(shells[e.b] as ArrayBuffer, e.off, e.l);
  }
  const value = (v: EncodedValue): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if ('$r' in v) return shells[v.$r];
    if ('$n' in v) return v.$n === 'NaN' ? NaN : v.$n === 'Infinity' ? Infinity : v.$n === '-Infinity' ? -Infinity : -0;
    if ('$u' in v) return undefined;
    if ('$b' in v) return BigInt(v.$b);
    return externals.valueOf(v.$x);
  };
  // Pass 2: contents.
  for (let i = 0; i < objects.length; i++) {
    const e = objects[i];
    const target = shells[i] as Record<string, unknown>;
    if ('o' in e || 'c' in e) {
      const f: Record<string, EncodedValue> = 'o' in e ? e.o : e.f;
      for (const k of Object.keys(f)) target[k] = value(f[k]);
    } else if ('a' in e) {
      const a = target as unknown as unknown[];
      for (let j = 0; j < e.a.length; j++) a[j] = value(e.a[j]);
    } else if ('m' in e) for (const [k, v] of e.m) (target as unknown as Map<unknown, unknown>).set(value(k), value(v));
    else if ('s' in e) for (const v of e.s) (target as unknown as Set<unknown>).add(value(v));
  }
  for (let i = 0; i < objects.length; i++) if ((objects[i] as { z?: 1 }).z === 1) Object.freeze(shells[i]);
  return value(graph.root);
}
