import { vitalsArtefacts, type Alert } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';
import { DosePanel } from '../components/dose-panel';
import { dosePanelView, newestGateAlert } from '../ward/dose-panel';
import { dataFreshness } from '../ward/stale-data';
import { urineCells } from '../ward/urine-display';
import { oxygenText } from '../ward/oxygen-text';
import { useTimeZone } from '../app/time-zone';
import { formatAge, formatAgo, formatClock, formatHourMinute } from '../util/time-format';

const f = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** The latest values above the trends, so the live state is visible without going back to the ward. */
export function PatientSummary({ patient, now, alerts = [] }: { patient: WardPatient | undefined; now: number; alerts?: readonly Alert[] }) {
  const timeZone = useTimeZone();
  if (!patient) return null;
  const v = patient.latest;
  const fresh = dataFreshness(patient.lastDataAt, now);
  const urine = urineCells(patient.urine, (iso) => formatHourMinute(iso, timeZone));
  const oxygen = oxygenText(v?.o2FlowLpm, v?.o2Device, v?.fio2Pct);
  const n = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);
  const artefact = new Set<string>(v ? vitalsArtefacts({ sbp: n(v.sbp), dbp: n(v.dbp), map: n(v.map), hr: n(v.hr), spo2: n(v.spo2), temp: n(v.temp) }) : []);
  const mark = (fields: string[]) =>
    fields.some((x) => artefact.has(x)) ? (
      <em className="artefact-mark" data-testid={`artefact-${fields[0]}`} title="Outside physiological bounds: stored, never alarms alone (§10)">
        {' '}
        artefact
      </em>
    ) : null;
  return (
    <>
    <DosePanel view={dosePanelView(patient.dose, newestGateAlert(alerts))} full testId="patient-dose-gate" />
    <p className="patient__summary" data-testid="patient-summary">
      <span>
        BP <strong>{f(v?.sbp)}/{f(v?.dbp)}</strong> ({f(v?.map)}) mmHg{mark(['sbp', 'dbp', 'map'])}
      </span>
      <span>
        HR <strong>{f(v?.hr)}</strong>/min{mark(['hr'])}
      </span>
      <span>
        SpO₂ <strong>{f(v?.spo2)}</strong>%{oxygen ? ` on ${oxygen}` : ''}{mark(['spo2'])}
      </span>
      <span>
        RR <strong>{f(v?.rr)}</strong>/min
      </span>
      <span>
        Temp <strong>{f(v?.temp, 1)}</strong> °C{mark(['temp'])}
      </span>
      <span title={urine.hour.title}>
        Urine 1 h <strong>{urine.hour.text}</strong>
        {urine.hour.detail ? ` ${urine.hour.detail}` : ''}
      </span>
      <span title={urine.shift.title}>
        Urine {patient.urine?.shift.hours ?? 8} h <strong>{urine.shift.text}</strong>
        {urine.shift.detail ? ` (${urine.shift.detail})` : ''}
      </span>
      <span>
        NEWS2 <strong>{f(patient.news2)}</strong>
      </span>
      <span>
        Last data {formatClock(patient.lastDataAt, timeZone)}
        {patient.lastDataAt ? ` · ${formatAgo(patient.lastDataAt, now)}` : ''}
      </span>
      {fresh.kind === 'stale' && <strong className="stale-notice">⚠ No data for {formatAge(fresh.silentForMs)}</strong>}
      {fresh.kind === 'none' && <strong className="stale-notice">⚠ No data received</strong>}
    </p>
    </>
  );
}
