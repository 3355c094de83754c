import type { Alert } from '@vigil/contracts';
import { doseGateView } from '../ward/dose-gate-decision';
import { formatHourMinute } from '../util/time-format';
import { useTimeZone } from '../app/time-zone';

/**
 * The dose gate's pending decision for one patient (§10): PROCEED-CHECK, HOLD with its reason, HOLD —
 * data missing with what is missing, or STOP-REVIEW; the dose it is for and when it is due. Nothing
 * when no gate is open. `full` (patient view) spells out the whole reason; the tile shortens it.
 */
export function DoseGateStatus({ alerts, full = false, testId = 'dose-gate' }: { alerts: readonly Alert[]; full?: boolean; testId?: string }) {
  const timeZone = useTimeZone();
  const gate = doseGateView(alerts);
  if (!gate) return null;
  const due = gate.doseDue ? `${gate.doseNumber !== null ? `dose ${gate.doseNumber} ` : ''}due ${formatHourMinute(gate.doseDue, timeZone)}` : null;
  const reason = gate.decision === 'HOLD — data missing' && gate.missing.length ? `missing: ${gate.missing.join('; ')}` : gate.why;
  const kind = gate.decision === 'PROCEED-CHECK' ? 'proceed' : gate.decision === 'STOP-REVIEW' ? 'stop' : gate.decision === 'HOLD — data missing' ? 'missing' : 'hold';
  return (
    <div className={`gate gate--${kind}${full ? ' gate--full' : ''}`} data-testid={testId} data-decision={gate.decision} title={`Dose gate: ${gate.decision}${due ? `, ${due}` : ''}. ${reason}`}>
      <span className="gate__label">Dose gate</span> <strong className="gate__decision" data-testid={`${testId}-decision`}>{gate.decision}</strong>
      {due && <span className="gate__due"> · {due}</span>}
      {reason && <span className="gate__why" data-testid={`${testId}-why`}>{full ? reason : shorten(reason, 90)}</span>}
    </div>
  );
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
