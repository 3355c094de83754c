import { partitionOf } from './partition-of';

describe('partitionOf', () => {
  it('is stable, within range, and spreads patients over the partitions', () => {
    expect(partitionOf('P1', 64)).toBe(35);
    expect(partitionOf('abc', 64)).toBe(24);
    expect(partitionOf('patient-42', 64)).toBe(29);
    const counts = new Array(64).fill(0);
    for (let i = 0; i < 6400; i++) counts[partitionOf(`bed-${i}`, 64)]++;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(150);
    expect(partitionOf('x', 1)).toBe(0);
  });
});
