import type { AlertSeverity, ClinicalEvent } from '@vigil/contracts';
import { severityRank } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { creatinineMgDl, labKind, specimenMs } from '../engine/lab-codes';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

type Family = 'hourly' | 'label' | 'shift' | 'mlkg' | 'kdigo';
const BUMP: Record<AlertSeverity, AlertSeverity> = { low: 'medium', medium: 'high', high: 'high' };

/**
 * OLIGURIA (§6.4), evaluated at the end of each urine collection on rolling windows (≥90% covered):
 * O1/O2 hourly [SP15] (LOW/MEDIUM per §10), O3 per shift [D14], O4 mL/kg per 8 h [TIL24], O5 KDIGO stages, O6 the label's
 * <10 mL/h for 16 h with rising creatinine (UNVERIFIED). One level higher while CREATININE is active.
 * Resolves as §6.4 writes it, with the §6.0 hysteresis ("the reverse condition held for the resolve
 * window"): no condition is met, and every family met during the episode shows its own recovery over
 * the window that follows the last time it was met: hourly (and label) ≥20 mL/h for 2 consecutive
 * hours; mL/kg rules (O4 and KDIGO) ≥0.5 mL/kg/h over the next 6 h; shift the next 8 h total ≥160 mL.
 * A trailing window that merely crosses back over a threshold for one hour is not a recovery.
 */
export class OliguriaRule implements Rule {
  readonly id = 'oliguria' as const;
  readonly inputs = ['urine', 'lab'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['uoAbsoluteMlH', 'uoRelativeMlH', 'uoShiftAbsoluteMl', 'uoShiftRelativeMl', 'uoMlPerKgShift', 'uoKdigoMlKgH', 'uoKdigoSevereMlKgH', 'uoCoverage'];

  private readonly creat: Array<{ at: number; value: number }> = [];
  private readonly triggered = new Set<Family>();
  /** When each family's condition was last met in this episode: its recovery window starts there. */
  private readonly lastMet = new Map<Family, number>();
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (!this.firing) {
      this.triggered.clear(); // closed elsewhere (discharge): forget its families
      this.lastMet.clear();
    }
    if (event.type === 'lab') {
      if (labKind(event) === 'creatinine') {
        this.creat.push({ at: specimenMs(event, at), value: creatinineMgDl(event) });
        this.creat.sort((a, b) => a.at - b.at);
        if (this.creat.length > 10) this.creat.shift();
      }
      return undefined;
    }
    if (event.type !== 'urine') return undefined;
    const t = ctx.t;
    // The shared ledger (every site, corrections applied) was updated before any rule saw the event.
    const rate = (h: number, endOffsetH = 0) => ctx.urine.rate(at - (h + endOffsetH) * HOUR, at - endOffsetH * HOUR, t.uoCoverage);
    const w = ctx.referenceWeightKg;
    const h1 = rate(1);
    const h2 = rate(1, 1);
    const r8 = rate(t.uoShiftH);
    const shiftTotal = r8 === null ? null : r8 * t.uoShiftH;
    const met: Array<[AlertSeverity, Family, string]> = [];
    if (h1 !== null && h2 !== null) {
      const worst = Math.max(h1, h2);
      // §10: hourly criteria are LOW (O1) and MEDIUM (O2): expected during capillary leak, treated with boluses.
      if (worst < t.uoAbsoluteMlH) met.push(['medium', 'hourly', `UO ${fmt(h2)} and ${fmt(h1)} mL/h in 2 consecutive hours (<${t.uoAbsoluteMlH})`]);
      else if (worst < t.uoRelativeMlH) met.push(['low', 'hourly', `UO ${fmt(h2)} and ${fmt(h1)} mL/h in 2 consecutive hours (<${t.uoRelativeMlH})`]);
    }
    if (shiftTotal !== null) {
      if (shiftTotal < t.uoShiftAbsoluteMl) met.push(['high', 'shift', `${fmt(shiftTotal)} mL in ${t.uoShiftH} h (<${t.uoShiftAbsoluteMl})`]);
      else if (shiftTotal < t.uoShiftRelativeMl) met.push(['medium', 'shift', `${fmt(shiftTotal)} mL in ${t.uoShiftH} h (<${t.uoShiftRelativeMl})`]);
      if (w && shiftTotal / w < t.uoMlPerKgShift) met.push(['medium', 'mlkg', `${(shiftTotal / w).toFixed(1)} mL/kg in ${t.uoShiftH} h (<${t.uoMlPerKgShift})`]);
    }
    if (w) {
      const r6 = rate(6);
      const r12 = rate(12);
      const r24 = rate(24);
      if (r24 !== null && r24 / w < t.uoKdigoSevereMlKgH) met.push(['high', 'kdigo', `${(r24 / w).toFixed(2)} mL/kg/h over 24 h (<${t.uoKdigoSevereMlKgH}, KDIGO 3)`]);
      if (r12 !== null && r12 === 0) met.push(['high', 'kdigo', `anuria for 12 h (KDIGO 3)`]);
      if (r12 !== null && r12 / w < t.uoKdigoMlKgH) met.push(['medium', 'kdigo', `${(r12 / w).toFixed(2)} mL/kg/h over 12 h (<${t.uoKdigoMlKgH}, KDIGO 2)`]);
      if (r6 !== null && r6 / w < t.uoKdigoMlKgH) met.push(['low', 'kdigo', `${(r6 / w).toFixed(2)} mL/kg/h over 6 h (<${t.uoKdigoMlKgH}, KDIGO 1)`]);
    }
    const r16 = rate(t.uoLabelHours);
    const n = this.creat.length;
    if (r16 !== null && r16 < t.uoLabelMlH && n >= 2 && this.creat[n - 1].value > this.creat[n - 2].value)
      met.push(['high', 'label', `UO ${fmt(r16)} mL/h over ${t.uoLabelHours} h with rising creatinine (label, UNVERIFIED)`]);

    const evidence = [{ eventId: event.id, time: toIso(at), field: 'volumeMl', value: event.volumeMl }];
    // §10: the shift, mL/kg, KDIGO (and label) criteria are what the dose gate judges, not the hourly ones.
    const gating = met.filter((m) => m[1] !== 'hourly');
    let gate = gating.reduce<AlertSeverity | null>((g, m) => (g === null || severityRank[m[0]] > severityRank[g] ? m[0] : g), null);
    if (gate !== null && ctx.alerts.isOpen('creatinine')) gate = BUMP[gate];
    ctx.oliguriaGateBand = gate;
    if (met.length > 0) {
      let top = met.reduce((m, x) => (severityRank[x[0]] > severityRank[m[0]] ? x : m));
      for (const m of met) {
        this.triggered.add(m[1]);
        this.lastMet.set(m[1], at);
      }
      let severity = top[0];
      let why = met.filter((m) => m[0] === severity).map((m) => m[2]).join('; ');
      if (ctx.alerts.isOpen('creatinine') && severity !== 'high') {
        severity = BUMP[severity];
        why += '; escalated: CREATININE active';
      }
      top = [severity, top[1], why];
      this.firing = true;
      return fire(at, top[0], top[2], evidence);
    }
    if (!this.firing) return undefined;
    const onset = ctx.alerts.onsetOf(this.id);
    // An alert carried into a rebuilt state began before this instance saw it: nothing before its onset
    // can resolve it, and every family must show its recovery window from the onset on.
    if (onset !== null && at <= onset) return undefined;
    if (this.triggered.size === 0 && onset !== null)
      for (const f of ['hourly', 'shift', 'mlkg', 'kdigo'] as const) {
        this.triggered.add(f);
        this.lastMet.set(f, onset);
      }
    // §6.4 "the next 6 h / the next 8 h": the recovery window must lie after the family was last met.
    const recovered = (f: Family, windowH: number) => at - (this.lastMet.get(f) ?? Number.NEGATIVE_INFINITY) >= windowH * HOUR;
    const last6 = rate(6);
    const ok: Record<Family, boolean> = {
      hourly: h1 !== null && h2 !== null && h1 >= t.uoRelativeMlH && h2 >= t.uoRelativeMlH,
      label: h1 !== null && h2 !== null && h1 >= t.uoRelativeMlH && h2 >= t.uoRelativeMlH,
      kdigo: !w || (recovered('kdigo', 6) && (last6 ?? -1) / w >= t.uoKdigoMlKgH),
      mlkg: !w || (recovered('mlkg', 6) && (last6 ?? -1) / w >= t.uoKdigoMlKgH),
      shift: recovered('shift', t.uoShiftH) && shiftTotal !== null && shiftTotal >= t.uoShiftRelativeMl,
    };
    if ([...this.triggered].every((f) => ok[f])) {
      this.firing = false;
      const text: Record<Family, string> = {
        hourly: `≥${t.uoRelativeMlH} mL/h for 2 h`,
        label: `≥${t.uoRelativeMlH} mL/h for 2 h`,
        kdigo: `≥${t.uoKdigoMlKgH} mL/kg/h over the 6 h since KDIGO was last met`,
        mlkg: `≥${t.uoKdigoMlKgH} mL/kg/h over the 6 h since <${t.uoMlPerKgShift} mL/kg per ${t.uoShiftH} h was last met`,
        shift: `≥${t.uoShiftRelativeMl} mL in the ${t.uoShiftH} h since the shift criterion was last met`,
      };
      const why = [...new Set([...this.triggered].map((f) => text[f]))];
      this.triggered.clear();
      this.lastMet.clear();
      return resolve(at, `urine output recovered: ${why.join(', ')}`, evidence);
    }
    return undefined;
  }
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();
