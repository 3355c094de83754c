import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api.client';
import type { AlertDetail } from '../api/api.types';
import { formatDateTime } from '../util/time-format';

/** Every transition of one alert from the audit log: who, when, what. */
export function AlertAuditTrail({ api, alertId }: { api: ApiClient; alertId: string }) {
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
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
            <td>{formatDateTime(h.at)}</td>
            <td>{h.type}</td>
            <td>{h.actor ?? '—'}</td>
            <td>
              {h.type === 'acknowledged'
                ? [h.alert.ackDisposition, h.alert.ackNote].filter(Boolean).join(': ') || '—'
                : `${h.alert.severity} · ${h.alert.message}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
