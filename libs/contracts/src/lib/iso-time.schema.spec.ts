import { isoTime } from './iso-time.schema';

describe('isoTime', () => {
  it('normalises every accepted form to UTC with milliseconds, exactly as Date formats it', () => {
    let s = 12345;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const inputs = ['2024-02-29T23:59:59.999Z', '2026-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '2026-11-26T10:15:00+01:00', '2026-11-26T10:15:00.5Z', '2026-11-26T10:15:00Z', '2026-11-26T00:15:00.123-05:30'];
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(2000 + Math.floor(r() * 60), 0, 1) + Math.floor(r() * 366 * 86_400_000);
      inputs.push(new Date(ms).toISOString());
      const off = Math.floor(r() * 24) - 12;
      const local = new Date(ms + off * 3_600_000);
      inputs.push(`${local.toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${pad(Math.abs(off))}:00`);
    }
    for (const input of inputs) {
      const out = isoTime.safeParse(input);
      expect(out.success && out.data).toBe(new Date(input).toISOString());
    }
  });

  it('rejects impossible dates and times without a zone, even in the canonical shape', () => {
    for (const bad of ['2026-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-11-26T24:00:00.000Z', '2026-11-26T10:15:00.000', '2026-11-26 10:15:00.000Z']) {
      expect(isoTime.safeParse(bad).success).toBe(false);
    }
  });
});
