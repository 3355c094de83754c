import { decodeGraph, encodeGraph, GraphCodecError } from './object-graph-codec';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  norm() {
    return Math.hypot(this.x, this.y);
  }
}
class Unregistered {
  v = 1;
}
const registry = { classes: { Point } };
const none = { nameOf: () => undefined };
const roundTrip = <T>(v: T, externals: { nameOf(v: unknown): string | undefined } = none, values: Record<string, unknown> = {}): T =>
  decodeGraph(JSON.parse(JSON.stringify(encodeGraph(v, registry, externals))), registry, { valueOf: (n) => values[n] }) as T;

describe('object graph codec', () => {
  it('restores class instances with their prototype, and numbers JSON cannot carry', () => {
    const out = roundTrip({ p: new Point(3, 4), n: [NaN, Infinity, -Infinity, -0, 1.5], u: undefined, b: 12n });
    expect(out.p).toBeInstanceOf(Point);
    expect(out.p.norm()).toBe(5);
    expect(out.n).toEqual([NaN, Infinity, -Infinity, -0, 1.5]);
    expect(Object.is(out.n[3], -0)).toBe(true);
    expect('u' in out).toBe(true);
    expect(out.b).toBe(12n);
  });

  it('keeps shared references and cycles', () => {
    const shared = { k: 1 };
    const a: Record<string, unknown> = { s1: shared, s2: shared };
    a['self'] = a;
    const out = roundTrip(a);
    expect(out['s1']).toBe(out['s2']);
    expect(out['self']).toBe(out);
  });

  it('restores Map, Set, Date and typed arrays bit for bit, including views on one buffer', () => {
    const buf = new ArrayBuffer(32);
    const f = new Float64Array(buf, 0, 2);
    const u = new Uint8Array(buf, 16, 8);
    f[0] = NaN;
    f[1] = -0;
    u[3] = 200;
    const v = { m: new Map<unknown, unknown>([['a', 1], [2, new Set(['x'])]]), d: new Date(12345), f, u, i: Int32Array.of(-5, 7), frozen: Object.freeze([1, 2]) };
    const out = roundTrip(v);
    expect(out.m.get('a')).toBe(1);
    expect((out.m.get(2) as Set<string>).has('x')).toBe(true);
    expect(out.d.getTime()).toBe(12345);
    expect(out.f).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(out.f[0]) && Object.is(out.f[1], -0)).toBe(true);
    expect(out.u.buffer).toBe(out.f.buffer);
    expect(out.u[3]).toBe(200);
    out.f[0] = 1; // still views of one buffer
    expect(new Float64Array(out.u.buffer, 0, 1)[0]).toBe(1);
    expect([...out.i]).toEqual([-5, 7]);
    expect(Object.isFrozen(out.frozen)).toBe(true);
  });

  it('writes registered externals by name and binds them on restore', () => {
    const fn = () => 1;
    const other = () => 2;
    const out = roundTrip({ fn }, { nameOf: (x) => (x === fn ? 'fn' : undefined) }, { fn: other });
    expect(out.fn).toBe(other);
  });

  it('refuses a closure, an unregistered class or a WeakMap, naming the path', () => {
    const closure = { deep: { list: [1, { cb: () => 3 }] } };
    expect(() => encodeGraph(closure, registry, none)).toThrow(GraphCodecError);
    expect(() => encodeGraph(closure, registry, none)).toThrow(/at \$\.deep\.list\[1\]\.cb/);
    expect(() => encodeGraph({ m: new Map([['k', new Unregistered()]]) }, registry, none)).toThrow(/Unregistered is not registered.*\$\.m\.get\("k"\)/);
    expect(() => encodeGraph({ w: new WeakMap() }, registry, none)).toThrow(/WeakMap/);
  });
});
