import type { VitalsPoint } from '@vigil/contracts';

/** Averages each field per time bucket so long ranges stay at most `maxPoints` points. */
export function downsampleVitals<T extends VitalsPoint>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points;
  const size = Math.ceil(points.length / maxPoints);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    const merged: Record<string, number | string | undefined> = { time: bucket[bucket.length - 1].time };
    for (const key of new Set(bucket.flatMap((p) => Object.keys(p)))) {
      if (key === 'time') continue;
      const values = bucket.map((p) => (p as unknown as Record<string, unknown>)[key]).filter((v): v is number => typeof v === 'number');
      merged[key] = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : undefined;
    }
    out.push(merged as unknown as T);
  }
  return out;
}
