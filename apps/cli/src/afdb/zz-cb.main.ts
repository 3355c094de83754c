import { CosenTracker } from '@vigil/rules';
const n = 400000;
const rr = new Float64Array(n);
let s = 1;
for (let i = 0; i < n; i++) rr[i] = 400 + 500 * ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
for (let rep = 0; rep < 3; rep++) {
  const c = new CosenTracker();
  const t0 = process.cpuUsage();
  let acc = 0;
  for (let i = 0; i < n; i++) acc += c.push(rr[i], i * 700) || 0;
  const u = process.cpuUsage(t0);
  console.log(((u.user + u.system) * 1000) / n, 'ns/beat', acc.toFixed(1));
}
