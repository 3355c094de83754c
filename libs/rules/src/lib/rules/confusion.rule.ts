import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

const LEVEL: Record<string, string> = { C: 'new confusion', V: 'responds to voice only', P: 'responds to pain only', U: 'unresponsive' };

/**
 * CONFUSION (§6.13, optional), from ACVPU `neuro` assessments: any departure from Alert is MEDIUM
 * (withhold [PI-2024]); not reversed within 2 h it is HIGH (stop [D14]). Resolves on a documented
 * return to Alert.
 */
export class ConfusionRule implements Rule {
  readonly id = 'confusion' as const;
  readonly inputs = ['neuro'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['confusionStopMin'];

  private since: number | null = null;
  private sinceEvent = '';
  private firing = false;
  private escalated = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'neuro') return undefined;
    const evidence = [{ eventId: event.id, time: event.time, field: 'acvpu', value: event.acvpu }];
    if (event.acvpu === 'A') {
      this.since = null;
      this.escalated = false;
      return this.firing ? resolve(at, 'documented return to Alert (ACVPU A)', evidence) : undefined;
    }
    if (this.since === null) {
      this.since = at;
      this.sinceEvent = event.id;
    }
    const what = LEVEL[event.acvpu] ?? event.acvpu;
    return fire(at, 'medium', `ACVPU ${event.acvpu} (${what})${event.notes ? `: ${event.notes}` : ''}: withhold until resolved`, evidence);
  }

  nextDue(ctx: PatientContext): number | null {
    if (this.since === null || this.escalated || !ctx.alerts.isOpen(this.id)) return null;
    return this.since + ctx.t.confusionStopMin * MIN;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const due = this.nextDue(ctx);
    if (due === null || now < due) return undefined;
    this.escalated = true;
    return fire(due, 'high', `Mental status change not reversed within ${ctx.t.confusionStopMin / 60} h (since ${toIso(this.since ?? due)}): stop criterion`, [
      { eventId: this.sinceEvent, time: toIso(this.since ?? due), field: 'acvpu', value: 'not A' },
    ]);
  }
}
