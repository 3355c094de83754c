import type { Alert, ClinicalEvent } from '@vigil/contracts';
import { episodes, replayStream, toMs, type RulesEngine, type StreamItem } from '@vigil/rules';
import { simulateWard } from './ward-simulator';

/**
 * Found by bench:late (issue 16): the simulated ward's P10 (seed 'bench') had its dose 2 (16:00)
 * charted at 18:38, after its gate's 2-h expiry. The published gate record closed "expired" at 18:00;
 * late data end it at the dose (16:00). The books forget a closed alert by its effective-time close
 * and the engine forgot the published record by its published close, so between the two the record
 * had no book entry and read as no episode at all: the gate episode vanished in arrival order.
 */
const MIN = 60_000;
function episodesOf(items: StreamItem[]) {
  let revised = new Map<string, Alert | null>();
  const ts = replayStream(items, { keepSettledRevisions: true, onEnd: (e: RulesEngine) => (revised = e.revisedClosedAlerts()) });
  return episodes(ts, ['data_gap'], revised);
}

it("a dose charted after its gate expired ends the gate's episode at the dose in arrival order too (P10 of bench:late)", () => {
  const events: ClinicalEvent[] = simulateWard({ patients: 20, hours: 24, seed: 'bench' }).events.filter((e) => e.patientId.endsWith('P10') && e.type !== 'rr');
  const dose2 = events.find((e) => e.type === 'dose' && e.time === '2026-01-05T16:00:00.000Z');
  expect(dose2).toBeDefined();
  // In arrival order: dose 2 charted 2 h 38 min late, everything else on time.
  const late = events.map((e, i) => ({ e, i, arrival: toMs(e.time) + (e === dose2 ? 158 * MIN : 0) })).sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  const end = { type: 'tick' as const, time: new Date(Math.max(...late.map((k) => k.arrival))).toISOString() };
  const inOrder: StreamItem[] = [...events.sort((a, b) => toMs(a.time) - toMs(b.time)), end];
  const arrival: StreamItem[] = [...late.map((k) => k.e), end];
  const gate = (eps: ReturnType<typeof episodes>) => eps.filter((e) => e.rule === 'dose_gate').map((e) => `${e.severity} ${e.onset} ${e.resolution}`);
  expect(gate(episodesOf(inOrder))).toContain('medium 2026-01-05T14:00:00.000Z 2026-01-05T16:00:00.000Z');
  expect(gate(episodesOf(arrival))).toEqual(gate(episodesOf(inOrder)));
});
