import { downsampleVitals } from './downsample-vitals';

describe('downsampleVitals', () => {
  it('returns short series unchanged and averages long ones per bucket', () => {
    const pts = Array.from({ length: 10 }, (_, i) => ({ time: `t${i}`, sbp: i * 10, hr: i % 2 ? undefined : 60 }));
    expect(downsampleVitals(pts, 20)).toBe(pts);
    const out = downsampleVitals(pts, 5);
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual({ time: 't1', sbp: 5, hr: 60 });
    expect(out[4]).toEqual({ time: 't9', sbp: 85, hr: 60 });
  });
});
