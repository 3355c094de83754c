import type { WardPatient } from '../api/api.types';
import { dataFreshness } from '../ward/stale-data';
import { formatAge, formatClock } from '../util/time-format';

const f = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.round(v).toString());

/** The latest values above the trends, so the live state is visible without going back to the ward. */
export function PatientSummary({ patient, now }: { patient: WardPatient | undefined; now: number }) {
  if (!patient) return null;
  const v = patient.latest;
  const fresh = dataFreshness(patient.lastDataAt, now);
  return (
    <p className="patient__summary" data-testid="patient-summary">
      <span>
        BP <strong>{f(v?.sbp)}/{f(v?.dbp)}</strong> ({f(v?.map)})
      </span>
      <span>
        HR <strong>{f(v?.hr)}</strong>
      </span>
      <span>
        SpO₂ <strong>{f(v?.spo2)}</strong>%
      </span>
      <span>
        Urine 1 h <strong>{f(patient.lastUrineMlPerHour)}</strong> mL
      </span>
      <span>
        NEWS2 <strong>{f(patient.news2)}</strong>
      </span>
      <span>Last data {formatClock(patient.lastDataAt)}</span>
      {fresh.kind === 'stale' && <strong className="stale-notice">⚠ No data for {formatAge(fresh.silentForMs)}</strong>}
      {fresh.kind === 'none' && <strong className="stale-notice">⚠ No data received</strong>}
    </p>
  );
}
