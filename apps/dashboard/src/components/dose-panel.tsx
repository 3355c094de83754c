import type { DoseSchedule } from '@vigil/contracts';
import { gateReason, type DosePanelView } from '../ward/dose-panel';
import { formatHourMinute } from '../util/time-format';
import { useTimeZone } from '../app/time-zone';

const KIND = { 'PROCEED-CHECK': 'proceed', HOLD: 'hold', 'HOLD — data missing': 'missing', 'STOP-REVIEW': 'stop' } as const;

const doseText = (d: DoseSchedule['lastDose'], hm: (iso: string) => string) => `dose ${d.doseNumber}${d.status ? ` ${d.status}` : ''} ${hm(d.time)}`;

/**
 * Dosing for one patient (§10): the dose gate's decision and its reasons — pending before the next
 * dose, or the one the last dose was documented (or expired) on, with what was done — and the dose
 * timing (last dose, next due). `full` (patient view) spells out the whole reason; the tile shortens
 * it, and a compact tile keeps one line (the rest in its tooltip).
 */
export function DosePanel({ view, full = false, compact = false, testId = 'dose-gate' }: { view: DosePanelView | null; full?: boolean; compact?: boolean; testId?: string }) {
  const timeZone = useTimeZone();
  if (!view) return null;
  const hm = (iso: string | null) => (iso ? formatHourMinute(iso, timeZone) : '—');
  const { gate, last, next } = view;
  const pending = gate?.outcome === 'pending';
  const due = gate?.doseDue ? `${gate.doseNumber !== null ? `dose ${gate.doseNumber} ` : ''}due ${hm(gate.doseDue)}` : null;
  const outcome = gate && !pending ? (gate.outcome === 'expired' ? `Dose ${gate.doseNumber ?? '?'} not documented (${due ?? 'due —'})` : `Dose ${gate.doseNumber ?? '?'} ${gate.outcome} ${hm(gate.outcomeAt)}`) : null;
  const reason = gate ? gateReason(gate) : '';
  const nextText = next ? `next: dose ${next.doseNumber} due ${hm(next.due)}` : last ? 'no dose left this cycle' : '';
  // What the gate line does not already say: the last dose while a decision is pending, the next one after.
  const schedule = pending ? (last ? `Last ${doseText(last, hm)}` : '') : gate ? nextText.replace(/^n/, 'N') : [last ? `Last ${doseText(last, hm)}` : '', nextText].filter(Boolean).join(' · ');
  const kind = gate ? KIND[gate.decision] : 'none';
  const summary = [gate ? (pending ? `Dose gate: ${gate.decision}${due ? `, ${due}` : ''}` : `${outcome}; the gate said ${gate.decision}`) : '', reason, schedule].filter(Boolean).join('. ');
  if (compact) {
    // One line on a compact tile (the rest in the tooltip): decision and due time, or what was done and on which decision.
    const line = gate ? (pending ? `· due ${hm(gate.doseDue)}` : gate.outcome === 'expired' ? '· dose not documented' : `· ${gate.outcome} ${hm(gate.outcomeAt)}`) : null;
    return (
      <div className={`gate gate--${kind}${pending || !gate ? '' : ' gate--closed'} gate--compact`} data-testid={testId} data-decision={gate?.decision} data-outcome={gate?.outcome} title={summary}>
        {gate ? (
          <span>
            <strong className="gate__decision" data-testid={`${testId}-decision`}>{gate.decision}</strong> {line}
          </span>
        ) : (
          <span data-testid={`${testId}-schedule`}>{last ? `dose ${last.doseNumber} ${last.status ?? ''} ${hm(last.time)}`.replace('  ', ' ') : ''}{next ? ` · next ${hm(next.due)}` : ''}</span>
        )}
      </div>
    );
  }
  return (
    <div className={`gate gate--${kind}${pending || !gate ? '' : ' gate--closed'}${full ? ' gate--full' : ''}${compact ? ' gate--compact' : ''}`} data-testid={testId} data-decision={gate?.decision} data-outcome={gate?.outcome} title={summary}>
      {gate && pending && (
        <>
          <span className="gate__label">Dose gate</span> <strong className="gate__decision" data-testid={`${testId}-decision`}>{gate.decision}</strong>
          {due && <span className="gate__due"> · {due}</span>}
        </>
      )}
      {gate && !pending && (
        <>
          <span className="gate__outcome" data-testid={`${testId}-outcome`}>{outcome}</span> <span className="gate__label">· gate said</span>{' '}
          <strong className="gate__decision" data-testid={`${testId}-decision`}>{gate.decision}</strong>
        </>
      )}
      {reason && (
        <span className="gate__why" data-testid={`${testId}-why`}>
          {full ? reason : shorten(reason, 90)}
        </span>
      )}
      {schedule && (
        <span className="gate__schedule" data-testid={`${testId}-schedule`}>
          {schedule}
        </span>
      )}
    </div>
  );
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
