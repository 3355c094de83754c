/**
 * `npm run bench:notifications`: what the ward's nurses are asked to look at, not only how many alerts
 * are raised. The simulated ward (BENCH_PATIENTS 40 × BENCH_HOURS 48 h, BENCH_SEED 15, as `vigil
 * simulate`) is fed to the engine with a closed-loop nurse who acknowledges every MEDIUM/HIGH alert
 * 3 min after it demands attention (raised, raised in band, re-notified after the snooze, escalated).
 * Counts per rule: raises, returns to active (re-notifications and rises in band) and escalations.
 * Imports by path so the file can be copied into an older checkout and measure its engine the same way.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RulesEngine } from '../../../libs/rules/src/index';
import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { simulateWard } from '../src/simulate/ward-simulator';

const ACK_AFTER_MS = 3 * 60_000;
const env = (k: string, d: string) => process.env[k] ?? d;

function main() {
  const opts = { patients: Number(env('BENCH_PATIENTS', '40')), hours: Number(env('BENCH_HOURS', '48')), seed: env('BENCH_SEED', '15') };
  const ward = simulateWard(opts);
  const events = [...ward.events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const engine = new RulesEngine();
  const acks: Array<{ at: number; alertId: string; patientId: string }> = [];
  const count = new Map<string, { raised: number; again: number; escalated: number }>();
  const row = (rule: string) => count.get(rule) ?? (count.set(rule, { raised: 0, again: 0, escalated: 0 }), count.get(rule)!);
  let acked = 0;
  let now = 0;
  const seen = (ts: EngineTransition[]) => {
    for (const t of ts) {
      const a = t.alert;
      if (t.type === 'raised') row(a.rule).raised++;
      else if (t.type === 'updated' && a.state === 'active') row(a.rule).again++;
      else if (t.type === 'escalated') row(a.rule).escalated++;
      if (a.state === 'active' && a.severity !== 'low' && (t.type === 'raised' || t.type === 'updated' || t.type === 'escalated'))
        // Never in the past: an acknowledgement older than the patient's clock would be late data (a rebuild).
        acks.push({ at: Math.max(Date.parse(t.at), now) + ACK_AFTER_MS, alertId: a.id, patientId: a.patientId });
    }
  };
  let next = 0;
  const started = Date.now();
  for (const ev of events) {
    const at = Date.parse(ev.time);
    now = at;
    for (;;) {
      let i = -1;
      for (let j = 0; j < acks.length; j++) if (acks[j].at <= at && (i < 0 || acks[j].at < acks[i].at)) i = j;
      if (i < 0) break;
      const [k] = acks.splice(i, 1);
      const iso = new Date(k.at).toISOString();
      now = k.at;
      seen(engine.tick(iso));
      acked++;
      seen(engine.process({ id: `nurse-ack-${acked}`, patientId: k.patientId, time: iso, type: 'acknowledge', alertId: k.alertId, by: 'rn-sim', role: 'nurse' } as ClinicalEvent));
    }
    seen(engine.process(ev));
    if (++next % 200_000 === 0) process.stderr.write(`notifications: ${next} of ${events.length} events, ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  const days = (opts.patients * opts.hours) / 24;
  const lines = ['| rule | raised | back to active (re-notified or higher band) | escalated |', '|---|---:|---:|---:|'];
  let tot = { raised: 0, again: 0, escalated: 0 };
  for (const [rule, c] of [...count].sort()) {
    lines.push(`| ${rule} | ${c.raised} | ${c.again} | ${c.escalated} |`);
    tot = { raised: tot.raised + c.raised, again: tot.again + c.again, escalated: tot.escalated + c.escalated };
  }
  lines.push(`| **total** (${days} patient-days, ${acked} acknowledgements) | ${tot.raised} | ${tot.again} | ${tot.escalated} |`);
  process.stdout.write(lines.join('\n') + '\n');
}

main();
