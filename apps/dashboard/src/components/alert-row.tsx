import type { Alert, AlertSilence } from '@vigil/contracts';
import { dispositionLabels, type Disposition } from '../api/api.types';
import { formatAge, formatAgo, formatDateTime, formatHourMinute } from '../util/time-format';
import { humanizeText } from '../util/human-text';
import { useTimeZone } from '../app/time-zone';
import { usePersonName } from '../app/people';
import { ruleLabel } from './rule-labels';
import { EvidenceList } from './evidence-list';

export interface AlertRowProps {
  alert: Alert;
  now: number;
  /** Patient name and bed, when known. */
  patientLabel?: string;
  /** Present in the queue; absent in history. */
  ack?: {
    allowed: boolean;
    reason: string | null;
    /** Id of a reason shown once for the whole list; without it the row shows the reason itself. */
    reasonId?: string;
    onAcknowledge(alert: Alert): void;
  };
  onOpenPatient?(patientId: string): void;
  /** The silence or shelve in force on this alert, if any. */
  silence?: AlertSilence | null;
  /** Present where the alert can be silenced (the queue). */
  silenceActions?: { allowed: boolean; onSilence(alert: Alert): void; onLift(alert: Alert): void };
}

const stateLabels: Record<Alert['state'], string> = { pending: 'Pending', active: 'Active', acknowledged: 'Acknowledged', resolved: 'Resolved', cancelled: 'Cancelled' };

export function AlertRow({ alert, now, patientLabel, ack, onOpenPatient, silence, silenceActions }: AlertRowProps) {
  const reasonId = ack?.reasonId ?? `ack-reason-${alert.id}`;
  const disposition = alert.ackDisposition as Disposition | null | undefined;
  const timeZone = useTimeZone();
  const personName = usePersonName();
  return (
    <li className={`alert-row alert-row--${alert.severity} alert-row--${alert.state}`} data-testid={`alert-row-${alert.id}`} data-state={alert.state} data-severity={alert.severity} data-silenced={silence ? silence.kind : undefined}>
      <div className="alert-row__head">
        <span className={`sev-chip sev-chip--${alert.severity}${(alert.state === 'active' || alert.state === 'pending') && !silence ? ' sev-chip--flash' : ''}`}>{alert.severity}</span>
        <strong className="alert-row__rule">{ruleLabel(alert.rule)}</strong>
        <span className="alert-row__where">
          {onOpenPatient ? (
            <button type="button" className="link-button" onClick={() => onOpenPatient(alert.patientId)}>
              {patientLabel ?? alert.patientId}
            </button>
          ) : (
            (patientLabel ?? alert.patientId)
          )}
          {alert.bed ? ` · bed ${alert.bed}` : ''}
        </span>
        <span className="alert-row__age" title={`Since ${formatDateTime(alert.openedAt, timeZone)}`}>
          {formatHourMinute(alert.openedAt, timeZone)} · {formatAge(now - Date.parse(alert.openedAt))}
        </span>
      </div>
      <p className="alert-row__message">{humanizeText(alert.message, timeZone)}</p>
      {alert.chartedLate && (
        <p className="alert-row__late" data-testid={`charted-late-${alert.id}`} title="Data charted after the time they describe changed this alert">
          Charted late: happened {formatHourMinute(alert.chartedLate.effectiveAt, timeZone)}, recorded {formatHourMinute(alert.chartedLate.recordedAt, timeZone)} ({formatAge(Date.parse(alert.chartedLate.recordedAt) - Date.parse(alert.chartedLate.effectiveAt))} later)
        </p>
      )}
      <EvidenceList evidence={alert.evidence} />
      {silence && (
        <p className="alert-row__silence" data-testid={`silence-note-${alert.id}`}>
          {silence.kind === 'shelve' ? 'Shelved' : 'Silenced'} by {personName(silence.by)} until {formatHourMinute(silence.expiresAt, timeZone)} ({formatAge(Date.parse(silence.expiresAt) - now)} left): “{silence.reason}”
        </p>
      )}
      <div className="alert-row__foot">
        <span className="alert-row__state">{stateLabels[alert.state]}</span>
        {alert.escalationLevel > 0 && <span className="alert-row__escalated">Escalated {alert.escalationLevel === 1 ? 'once' : `${alert.escalationLevel} times`} (not acknowledged in time)</span>}
        {alert.acknowledgedAt && (
          <span>
            Acknowledged {formatHourMinute(alert.acknowledgedAt, timeZone)} ({formatAgo(alert.acknowledgedAt, now)}) by <span data-testid={`acked-by-${alert.id}`}>{personName(alert.acknowledgedBy)}</span>
            {disposition ? ` — ${dispositionLabels[disposition] ?? disposition}` : ''}
            {alert.ackNote ? `: “${alert.ackNote}”` : ''}
          </span>
        )}
        {alert.resolvedAt && alert.state === 'cancelled' && (
          <span data-testid={`cancelled-note-${alert.id}`}>
            Cancelled {formatHourMinute(alert.resolvedAt, timeZone)} ({formatAgo(alert.resolvedAt, now)}): late or corrected data no longer show it
          </span>
        )}
        {alert.resolvedAt && alert.state !== 'cancelled' && (
          <span>
            Resolved {formatHourMinute(alert.resolvedAt, timeZone)} ({formatAgo(alert.resolvedAt, now)})
          </span>
        )}
        {silenceActions?.allowed && (alert.state === 'active' || alert.state === 'pending' || alert.state === 'acknowledged') && (
          <span className="alert-row__actions">
            {silence ? (
              <button type="button" className="button" data-testid={`silence-lift-${alert.id}`} onClick={() => silenceActions.onLift(alert)}>
                {silence.kind === 'shelve' ? 'Unshelve' : 'Unsilence'}
              </button>
            ) : (
              <button type="button" className="button" data-testid={`silence-button-${alert.id}`} onClick={() => silenceActions.onSilence(alert)}>
                Silence…
              </button>
            )}
          </span>
        )}
        {ack && (
          <span className="alert-row__actions">
            <button
              type="button"
              className="button button--primary"
              data-testid={`ack-button-${alert.id}`}
              disabled={!ack.allowed}
              aria-describedby={ack.allowed ? undefined : reasonId}
              title={ack.allowed ? undefined : (ack.reason ?? undefined)}
              onClick={() => ack.onAcknowledge(alert)}
            >
              Acknowledge…
            </button>
            {!ack.allowed && !ack.reasonId && (
              <span id={reasonId} className="alert-row__reason">
                {ack.reason}
              </span>
            )}
          </span>
        )}
      </div>
    </li>
  );
}
