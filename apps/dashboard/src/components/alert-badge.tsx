import type { Alert } from '@vigil/contracts';
import { ruleLabel } from './rule-labels';

const severityWord = { high: 'High', medium: 'Medium', low: 'Low' } as const;

/** IEC 60601-1-8 colours: high red flashing, medium yellow, low cyan steady; acknowledged stops flashing. */
export function AlertBadge({ alert, count = 1 }: { alert: Alert; count?: number }) {
  const acked = alert.state === 'acknowledged';
  return (
    <span
      className={`badge badge--${alert.severity}${acked ? ' badge--acknowledged' : ''}`}
      data-severity={alert.severity}
      data-state={alert.state}
      title={`${severityWord[alert.severity]} priority: ${alert.message}${acked ? ' (acknowledged)' : ''}`}
    >
      <span className="visually-hidden">{severityWord[alert.severity]} priority </span>
      {ruleLabel(alert.rule)}
      {count > 1 ? ` ×${count}` : ''}
      {acked ? ' ✓' : ''}
    </span>
  );
}
