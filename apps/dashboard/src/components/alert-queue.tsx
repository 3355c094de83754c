import type { Alert, SessionUser } from '@vigil/contracts';
import { silenceAt, noSilences, type SilencesInForce } from '../alerts/silences';
import { canAcknowledge, canSilence } from '../session/permissions';
import { AlertRow } from './alert-row';

export interface AlertQueueProps {
  /** Already in queue order (see alertQueue). */
  alerts: Alert[];
  now: number;
  user: SessionUser;
  patientLabel(patientId: string): string | undefined;
  onAcknowledge(alert: Alert): void;
  onOpenPatient(patientId: string): void;
  silences?: SilencesInForce;
  onSilence?(alert: Alert): void;
  onLift?(alert: Alert): void;
}

export function AlertQueue({ alerts: all, now, user, patientLabel, onAcknowledge, onOpenPatient, silences = noSilences, onSilence, onLift }: AlertQueueProps) {
  const permission = canAcknowledge(user);
  // Shelved alerts leave the queue for their own list, in force until they expire (everyone sees them).
  const alerts = all.filter((a) => silenceAt(silences, a.id, now)?.kind !== 'shelve');
  const shelved = all.filter((a) => silenceAt(silences, a.id, now)?.kind === 'shelve');
  const silenceActions = onSilence && onLift ? { allowed: canSilence(user).allowed, onSilence, onLift } : undefined;
  return (
    <section className="panel" aria-labelledby="queue-title" data-testid="alert-queue">
      <h2 id="queue-title" className="panel__title">
        Alert queue <span className="count">{alerts.length}</span>
      </h2>
      {!permission.allowed && alerts.length > 0 && (
        <p id="ack-permission-note" className="alert-row__reason panel__note" data-testid="ack-permission-note">
          {permission.reason}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="panel__empty">No alerts waiting.</p>
      ) : (
        <ol className="alert-list">
          {alerts.map((a) => (
            <AlertRow key={a.id} alert={a} now={now} patientLabel={patientLabel(a.patientId)} onOpenPatient={onOpenPatient} silence={silenceAt(silences, a.id, now)} silenceActions={silenceActions} ack={{ ...permission, reasonId: permission.allowed ? undefined : 'ack-permission-note', onAcknowledge }} />
          ))}
        </ol>
      )}
      {shelved.length > 0 && (
        <div className="panel__sub" data-testid="shelved-alerts">
          <h3 className="panel__subtitle">
            Shelved <span className="count">{shelved.length}</span>
          </h3>
          <ol className="alert-list">
            {shelved.map((a) => (
              <AlertRow key={a.id} alert={a} now={now} patientLabel={patientLabel(a.patientId)} onOpenPatient={onOpenPatient} silence={silenceAt(silences, a.id, now)} silenceActions={silenceActions} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
