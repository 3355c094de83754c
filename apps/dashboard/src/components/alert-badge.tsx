import type { Alert, SilenceKind } from '@vigil/contracts';
import { ruleLabel } from './rule-labels';

const severityWord = { high: 'High', medium: 'Medium', low: 'Low' } as const;

/** IEC 60601-1-8 colours: high red flashing, medium yellow, low cyan steady; acknowledged stops flashing. */
export function AlertBadge({ alert, count = 1, silenced = null }: { alert: Alert; count?: number; silenced?: SilenceKind | null }) {
  // A silenced or shelved alert stops flashing like an acknowledged one, and says so.
  const acked = alert.state === 'acknowledged' || silenced !== null;
  return (
    <span
      className={`badge badge--${alert.severity}${acked ? ' badge--acknowledged' : ''}`}
      data-severity={alert.severity}
      data-state={alert.state}
      data-silenced={silenced ?? undefined}
      title={`${severityWord[alert.severity]} priority: ${alert.message}${alert.state === 'acknowledged' ? ' (acknowledged)' : ''}${silenced ? ` (${silenced === 'shelve' ? 'shelved' : 'silenced'})` : ''}`}
    >
      <span className="visually-hidden">{severityWord[alert.severity]} priority </span>
      {ruleLabel(alert.rule)}
      {count > 1 ? ` ×${count}` : ''}
      {alert.state === 'acknowledged' ? ' ✓' : ''}
      {silenced ? (silenced === 'shelve' ? ' · shelved' : ' · silenced') : ''}
    </span>
  );
}
