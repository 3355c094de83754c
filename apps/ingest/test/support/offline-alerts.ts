import { RulesEngine } from '@vigil/rules';
import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../../src/prisma/generated/client';
import { feedPlaced } from '../../src/rules/feed-placed';

/**
 * What one node makes of the stored log: every event in seq order through one engine, ticking at
 * each event's time (VIGIL_CLOCK=events, as `replay --offline` and the rebuild do). Returns the last
 * transition of each alert.
 */
export async function offlineAlerts(prisma: PrismaClient): Promise<Map<string, EngineTransition>> {
  const engine = new RulesEngine();
  const admitted = new Set<string>();
  const unassigned = new Map<string, ClinicalEvent[]>();
  const last = new Map<string, EngineTransition>();
  let clock = '';
  let after = 0n;
  for (;;) {
    const page = await prisma.clinicalEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: 5000, select: { seq: true, payload: true } });
    if (page.length === 0) break;
    for (const row of page) {
      const e = row.payload as unknown as ClinicalEvent;
      if (e.time > clock) for (const t of engine.tick((clock = e.time))) last.set(t.alert.id, t);
      for (const t of feedPlaced(engine, admitted, unassigned, e)) last.set(t.alert.id, t);
    }
    after = page[page.length - 1].seq;
  }
  return last;
}
