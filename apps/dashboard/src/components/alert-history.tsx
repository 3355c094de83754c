import type { Alert } from '@vigil/contracts';
import { AlertRow } from './alert-row';

export function AlertHistory({ alerts, now, patientLabel, onOpenPatient }: { alerts: Alert[]; now: number; patientLabel(id: string): string | undefined; onOpenPatient(id: string): void }) {
  return (
    <section className="panel panel--history" aria-labelledby="history-title" data-testid="alert-history">
      <h2 id="history-title" className="panel__title">
        Acknowledged and resolved <span className="count">{alerts.length}</span>
      </h2>
      {alerts.length === 0 ? (
        <p className="panel__empty">Nothing yet.</p>
      ) : (
        <ol className="alert-list">
          {alerts.map((a) => (
            <AlertRow key={a.id} alert={a} now={now} patientLabel={patientLabel(a.patientId)} onOpenPatient={onOpenPatient} />
          ))}
        </ol>
      )}
    </section>
  );
}
