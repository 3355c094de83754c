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
    <>
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
            <td>
              {formatDateTime(h.at, timeZone)}
              {h.effectiveAt && h.recordedAt && <span className="audit__late"> (charted late: recorded {formatDateTime(h.recordedAt, timeZone)})</span>}
            </td>
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
    {detail.silences && detail.silences.length > 0 && (
      <ul className="audit__extra" data-testid={`audit-silences-${alertId}`}>
        {detail.silences.map((s) => (
          <li key={s.id}>
            {s.kind === 'shelve' ? 'Shelved' : 'Silenced'} {formatDateTime(s.createdAt, timeZone)} by {personName(s.by)} until {formatDateTime(s.expiresAt, timeZone)}: “{s.reason}”
            {s.endedAt ? ` — ended ${formatDateTime(s.endedAt, timeZone)} (${silenceEndLabels[s.endReason ?? ''] ?? s.endReason}${s.endedBy && s.endedBy !== 'system' ? `, ${personName(s.endedBy)}` : ''})` : ' — in force'}
          </li>
        ))}
      </ul>
    )}
    {detail.notifications && detail.notifications.length > 0 && (
      <ul className="audit__extra" data-testid={`audit-notifications-${alertId}`}>
        {detail.notifications.map((n) => (
          <li key={`${n.channel}-${n.escalationLevel}`} data-status={n.status}>
            Escalation {n.escalationLevel} sent by {n.channel === 'hl7' ? 'HL7 (pager gateway)' : 'webhook'}: {n.status === 'delivered' ? `delivered ${formatDateTime(n.deliveredAt, timeZone)}` : n.status === 'failed' ? `failed after ${n.attempts} attempts (${n.lastError ?? 'no detail'})` : `sending (attempt ${n.attempts}${n.lastError ? `, last error: ${n.lastError}` : ''})`}
          </li>
        ))}
      </ul>
    )}
    </>
  );
}

const silenceEndLabels: Record<string, string> = { expired: 'expired', lifted: 'lifted', worsened: 'the alert worsened', closed: 'the alert closed', replaced: 'replaced' };
