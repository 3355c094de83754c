import { useState } from 'react';
import type { Alert } from '@vigil/contracts';
import type { ApiClient } from '../api/api.client';
import { ruleLabel } from '../components/rule-labels';
import { formatDateTime } from '../util/time-format';
import { useTimeZone } from '../app/time-zone';
import { AlertAuditTrail } from './alert-audit-trail';

/** All of the patient's alerts, newest first; each opens its audit trail. */
export function PatientAlertHistory({ api, alerts }: { api: ApiClient; alerts: Alert[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const sorted = [...alerts].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  return (
    <section className="panel" aria-labelledby="patient-alerts-title">
      <h2 id="patient-alerts-title" className="panel__title">
        Alert history <span className="count">{alerts.length}</span>
      </h2>
      {sorted.length === 0 && <p className="panel__empty">No alerts for this patient.</p>}
      <ol className="alert-list">
        {sorted.map((a) => (
          <li key={a.id} className={`history-item alert-row--${a.severity}`} data-testid={`patient-alert-${a.id}`} data-state={a.state} data-severity={a.severity}>
            <div className="alert-row__head">
              <span className={`sev-chip sev-chip--${a.severity}`}>{a.severity}</span>
              <strong>{ruleLabel(a.rule)}</strong>
              <span>{formatDateTime(a.openedAt, timeZone)}</span>
              <span className="alert-row__state">{a.state}</span>
              <button type="button" className="button" aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? null : a.id)}>
                {open === a.id ? 'Hide audit trail' : 'Audit trail'}
              </button>
            </div>
            <p className="alert-row__message">{a.message}</p>
            {open === a.id && <AlertAuditTrail api={api} alertId={a.id} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
