import type { Alert, SessionUser } from '@vigil/contracts';
import { canAcknowledge } from '../session/permissions';
import { AlertRow } from './alert-row';

export interface AlertQueueProps {
  /** Already in queue order (see alertQueue). */
  alerts: Alert[];
  now: number;
  user: SessionUser;
  patientLabel(patientId: string): string | undefined;
  onAcknowledge(alert: Alert): void;
  onOpenPatient(patientId: string): void;
}

export function AlertQueue({ alerts, now, user, patientLabel, onAcknowledge, onOpenPatient }: AlertQueueProps) {
  const permission = canAcknowledge(user);
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
            <AlertRow key={a.id} alert={a} now={now} patientLabel={patientLabel(a.patientId)} onOpenPatient={onOpenPatient} ack={{ ...permission, reasonId: permission.allowed ? undefined : 'ack-permission-note', onAcknowledge }} />
          ))}
        </ol>
      )}
    </section>
  );
}
