import type { Evidence } from '@vigil/contracts';
import { formatClock } from '../util/time-format';

/** The readings that raised an alert (field, value, time); capped so a long streak stays readable. */
export function EvidenceList({ evidence, max = 4 }: { evidence: Evidence[]; max?: number }) {
  if (evidence.length === 0) return null;
  const shown = evidence.slice(-max);
  return (
    <ul className="evidence" aria-label="Evidence">
      {evidence.length > shown.length && <li className="evidence__more">+{evidence.length - shown.length} earlier</li>}
      {shown.map((e) => (
        <li key={`${e.eventId}:${e.field}`}>
          {e.field} <strong>{e.value}</strong> at {formatClock(e.time)}
        </li>
      ))}
    </ul>
  );
}
