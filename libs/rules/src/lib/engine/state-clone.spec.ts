import { cloneState } from './state-clone';

class Counter {
  n = 0;
  readonly seen = new Map<string, number[]>();
  readonly tags = new Set<string>();
  cols = new Float64Array(2);
  bump(k: string): void {
    this.n++;
    this.seen.set(k, [...(this.seen.get(k) ?? []), this.n]);
  }
}

describe('cloneState (late-data checkpoints)', () => {
  it('copies class instances with their prototype, maps, sets, arrays and typed arrays, so the copy evolves apart', () => {
    const a = new Counter();
    a.bump('x');
    a.tags.add('t');
    a.cols[0] = 1.5;
    const b = cloneState(a);
    expect(b).toBeInstanceOf(Counter);
    b.bump('x');
    b.tags.add('u');
    b.cols[0] = 9;
    expect(a.n).toBe(1);
    expect(a.seen.get('x')).toEqual([1]);
    expect([...a.tags]).toEqual(['t']);
    expect(a.cols[0]).toBe(1.5);
    expect(b.seen.get('x')).toEqual([1, 2]);
  });

  it('keeps shared references and cycles shared within the copy', () => {
    const shared = { v: 1 };
    const root: { a: { v: number }; b: { v: number }; self?: unknown } = { a: shared, b: shared };
    root.self = root;
    const c = cloneState(root);
    expect(c.a).toBe(c.b);
    expect(c.a).not.toBe(shared);
    expect(c.self).toBe(c);
  });

  it('shares functions, frozen objects and what `swap` names instead of copying them', () => {
    const owned = new Map([['k', 1]]);
    const frozen = Object.freeze({ z: 1 });
    const fn = () => 1;
    const replacement = new Map([['k', 2]]);
    const c = cloneState({ owned, frozen, fn }, new Map<unknown, unknown>([[owned, replacement]]));
    expect(c.owned).toBe(replacement);
    expect(c.frozen).toBe(frozen);
    expect(c.fn).toBe(fn);
  });
});
