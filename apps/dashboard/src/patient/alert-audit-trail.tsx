import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api.client';
import type { AlertDetail } from '../api/api.types';
import { formatDateTime } from '../util/time-format';
import { humanizeText, transitionLabels } from '../util/human-text';
import { useTimeZone } from '../app/time-zone';
import { usePersonName } from '../app/people';
import { dispositionLabels, type Disposition } from '../api/api.types';

/** Every transition of one alert from the audit log: who, when, what. */
export function AlertAuditTrail({ api, alertId }: { api: ApiClient; alertId: string }) {
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const personName = usePersonName();
  useEffect(() => {
    let cancelled = false;
    api
      .alert(alertId)
      .then((d) => !cancelled && setDetail(d))
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [api, alertId]);
  if (error) return <p className="dialog__error">{error}</p>;
  if (!detail) return <p className="panel__empty">Loading audit trail…</p>;
  return (
    <table className="audit" data-testid={`audit-${alertId}`}>
      <caption className="visually-hidden">Audit trail</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Who</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {detail.history.map((h) => (
          <tr key={h.seq}>
            <td>{h.seq}</td>
            <td>{formatDateTime(h.at, timeZone)}</td>
            <td>{transitionLabels[h.type] ?? h.type}</td>
            <td>{h.actor && h.actor !== 'system' ? personName(h.actor) : 'Vigil rules'}</td>
            <td>
              {h.type === 'acknowledged'
                ? [h.alert.ackDisposition ? (dispositionLabels[h.alert.ackDisposition as Disposition] ?? h.alert.ackDisposition) : null, h.alert.ackNote].filter(Boolean).join(': ') || '—'
                : `${h.alert.severity} priority · ${humanizeText(h.alert.message, timeZone)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
