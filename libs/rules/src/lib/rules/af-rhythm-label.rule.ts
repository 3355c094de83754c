import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

const AF_LABELS = new Set(['af', 'aflutter', 'svt']);

/**
 * AF_RHYTHM_LABEL (§6.2): the monitor's rhythm label. Alarm on onset (label held ≥30 s; HIGH) and
 * on termination (sinus ≥30 min) only, never while AF continues [Drew14]; an onset within 60 min of
 * the previous episode's end is the same clinical episode and does not alarm again.
 */
export class AfRhythmLabelRule implements Rule {
  readonly id = 'af_rhythm' as const;
  // §6.2: HIGH at onset, then no re-alarm while AF continues [Drew14]: an acknowledgement silences the episode.
  readonly noRealarm = true;
  readonly inputs = ['rhythm'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['afLabelSustainSec', 'afLabelResolveMin', 'afLabelQuietMin'];

  private afSince: number | null = null;
  private afEvent = '';
  private afLabel = '';
  private sinusSince: number | null = null;
  private sinusEvent = '';
  private inEpisode = false;
  private alarming = false;
  private lastEpisodeEnd = Number.NEGATIVE_INFINITY;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal[] | undefined {
    if (event.type !== 'rhythm') return undefined;
    // The previous label held until now: settle any timer that came due before this change.
    const out = this.check(at, ctx);
    if (AF_LABELS.has(event.rhythm)) {
      this.sinusSince = null;
      if (this.afSince === null) {
        this.afSince = at;
        this.afEvent = event.id;
        this.afLabel = event.rhythm;
      }
    } else {
      this.afSince = null;
      if (event.rhythm === 'sinus') {
        if (this.sinusSince === null) {
          this.sinusSince = at;
          this.sinusEvent = event.id;
        }
      } else this.sinusSince = null;
    }
    out.push(...this.check(at, ctx));
    return out.length ? out : undefined;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal[] | undefined {
    const out = this.check(now, ctx);
    return out.length ? out : undefined;
  }

  /** Sinus since the latest label: the alert only waits out its 30-min resolve (no re-notification). */
  recovering(ctx: PatientContext): boolean {
    return ctx.alerts.isOpen(this.id) && this.inEpisode && this.sinusSince !== null;
  }

  nextDue(ctx: PatientContext): number | null {
    if (!this.inEpisode && this.afSince !== null) return this.afSince + ctx.t.afLabelSustainSec * 1000;
    if (this.inEpisode && this.sinusSince !== null) return this.sinusSince + ctx.t.afLabelResolveMin * MIN;
    return null;
  }

  private check(now: number, ctx: PatientContext): RuleSignal[] {
    const t = ctx.t;
    // The alert book is the truth: an alert adopted across a replay is an episode in progress.
    this.alarming = ctx.alerts.isOpen(this.id);
    if (this.alarming) this.inEpisode = true;
    const out: RuleSignal[] = [];
    if (!this.inEpisode && this.afSince !== null && now >= this.afSince + t.afLabelSustainSec * 1000) {
      this.inEpisode = true;
      const due = this.afSince + t.afLabelSustainSec * 1000;
      if (this.afSince - this.lastEpisodeEnd >= t.afLabelQuietMin * MIN) {
        this.alarming = true;
        out.push(
          fire(due, 'high', `Monitor rhythm ${labelName(this.afLabel)} for ≥${t.afLabelSustainSec} s (onset ${toIso(this.afSince)}): dose-critical, review before next dose`, [
            { eventId: this.afEvent, time: toIso(this.afSince), field: 'rhythm', value: this.afLabel },
          ]),
        );
      }
    }
    if (this.inEpisode && this.sinusSince !== null && now >= this.sinusSince + t.afLabelResolveMin * MIN) {
      this.inEpisode = false;
      this.lastEpisodeEnd = this.sinusSince;
      if (this.alarming) {
        this.alarming = false;
        out.push(resolve(this.sinusSince + t.afLabelResolveMin * MIN, `AF terminated: sinus rhythm for ${t.afLabelResolveMin} min since ${toIso(this.sinusSince)}`, [{ eventId: this.sinusEvent, time: toIso(this.sinusSince), field: 'rhythm', value: 'sinus' }]));
      }
    }
    return out;
  }
}

function labelName(l: string): string {
  return l === 'af' ? 'atrial fibrillation' : l === 'aflutter' ? 'atrial flutter' : 'SVT';
}
