/**
 * A deep copy of in-memory engine state (a patient's evaluator, for late-data checkpoints): plain
 * objects, arrays, Map, Set, Date, typed arrays and class instances (Object.create(prototype) and their
 * own fields, as the snapshot codec restores them), shared references and cycles kept. Functions and
 * frozen objects are immutable wiring and are shared, never copied. `swap` maps objects that are not to
 * be copied to what the copy refers to instead (state owned elsewhere: rule instances carried across
 * rebuilds, the engine's episode aliases).
 */
export function cloneState<T>(root: T, swap: ReadonlyMap<unknown, unknown> = new Map()): T {
  const memo = new Map<unknown, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (swap.has(v)) return swap.get(v);
    if (Object.isFrozen(v)) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    if (Array.isArray(v)) {
      const a: unknown[] = new Array(v.length);
      memo.set(v, a);
      for (let i = 0; i < v.length; i++) a[i] = copy(v[i]);
      return a;
    }
    if (v instanceof Map) {
      const m = new Map();
      memo.set(v, m);
      for (const [k, x] of v) m.set(copy(k), copy(x));
      return m;
    }
    if (v instanceof Set) {
      const s = new Set();
      memo.set(v, s);
      for (const x of v) s.add(copy(x));
      return s;
    }
    if (v instanceof Date) return new Date(v.getTime());
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView) throw new TypeError('cloneState: DataView is not engine state');
      const t = (v as unknown as { slice(): unknown }).slice();
      memo.set(v, t);
      return t;
    }
    if (v instanceof ArrayBuffer) return v.slice(0);
    const o = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
    memo.set(v, o);
    for (const k of Object.keys(v)) o[k] = copy((v as Record<string, unknown>)[k]);
    return o;
  };
  return copy(root) as T;
}
