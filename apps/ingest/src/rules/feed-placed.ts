import type { RulesEngine } from '@vigil/rules';
import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { byEffectiveTime } from './by-effective-time';

/**
 * Feeds one event to the engine once its patient is placed. Clinical data for a patient nobody has
 * placed on a ward waits in `unassigned` (stored, listed as unassigned) and reaches the engine, in
 * effective-time order, right after the admit or transfer, so alerts carry ward and bed. A transfer
 * also places a patient (e.g. one already in hospital when Vigil went live).
 */
export function feedPlaced(engine: RulesEngine, admitted: Set<string>, unassigned: Map<string, ClinicalEvent[]>, e: ClinicalEvent): EngineTransition[] {
  if (e.type === 'admit' || e.type === 'transfer') {
    admitted.add(e.patientId);
    const waiting = (unassigned.get(e.patientId) ?? []).sort(byEffectiveTime);
    unassigned.delete(e.patientId);
    return [e, ...waiting].flatMap((w) => engine.process(w));
  }
  if (!admitted.has(e.patientId) && e.type !== 'thresholds') {
    const list = unassigned.get(e.patientId) ?? [];
    list.push(e);
    unassigned.set(e.patientId, list);
    return [];
  }
  return engine.process(e);
}
