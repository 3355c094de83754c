import { RulesEngine } from '../src';
import type { ClinicalEvent } from '@vigil/contracts';
const T0 = Date.parse('2026-11-26T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
function build(kind: string, N: number, M: number): ClinicalEvent[] {
  const ev: ClinicalEvent[] = [];
  for (let p = 0; p < N; p++) ev.push({ id: `a${p}`, patientId: `P${p}`, time: iso(T0 - 3600000), type: 'admit', wardId: 'W', bed: '1', weightKg: 70 });
  for (let m = 0; m < M; m++) for (let p = 0; p < N; p++) {
    const t = T0 + m * 60000 + p;
    if (kind === 'vitals') ev.push({ id: `v${p}-${m}`, patientId: `P${p}`, time: iso(t), type: 'vitals', sbp: 120, map: 85, hr: 80, spo2: 97, rr: 16, temp: 37 });
    else ev.push({ id: `r${p}-${m}`, patientId: `P${p}`, time: iso(t), type: 'rr', intervalsMs: Array.from({ length: 60 }, (_, i) => 780 + ((i * 37) % 41)) });
  }
  return ev;
}
for (const kind of (process.env.K ?? 'vitals,vitals,vitals').split(',')) {
  const ev = build(kind, 2000, 30);
  const e = new RulesEngine();
  const c = process.cpuUsage();
  for (const x of ev) e.process(x);
  const u = process.cpuUsage(c);
  const sec = (u.user + u.system) / 1e6;
  console.log(kind, (ev.length / sec / 1e3).toFixed(0), 'k events/s');
}
