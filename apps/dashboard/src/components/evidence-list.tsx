import type { Evidence } from '@vigil/contracts';
import { formatHourMinute } from '../util/time-format';
import { evidenceValue, fieldLabel } from '../util/human-text';
import { useTimeZone } from '../app/time-zone';

/** The readings that raised an alert (what, value with unit, local time); capped so a long streak stays readable. */
export function EvidenceList({ evidence, max = 4 }: { evidence: Evidence[]; max?: number }) {
  const timeZone = useTimeZone();
  if (evidence.length === 0) return null;
  const shown = evidence.slice(-max);
  return (
    <ul className="evidence" aria-label="Evidence">
      {evidence.length > shown.length && <li className="evidence__more">+{evidence.length - shown.length} earlier</li>}
      {shown.map((e) => (
        <li key={`${e.eventId}:${e.field}`}>
          {fieldLabel(e.field)} <strong>{evidenceValue(e.field, e.value, timeZone)}</strong> at {formatHourMinute(e.time, timeZone)}
        </li>
      ))}
    </ul>
  );
}
