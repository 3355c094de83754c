import { useMemo, useState } from 'react';
import type { Alert, SessionUser } from '@vigil/contracts';
import type { ApiClient } from '../api/api.client';
import type { WardPatient } from '../api/api.types';
import { trendRangeLabels, trendRanges, type TrendRange } from './trend-range';
import { alertBands, doseMarkers, hourlyUrine, labRows, vitalsRows } from './trend-data';
import { useObservations } from './use-observations';
import { BloodPressureChart } from './blood-pressure.chart';
import { HeartRateChart } from './heart-rate.chart';
import { SpO2Chart } from './spo2.chart';
import { UrineChart } from './urine.chart';
import { TemperatureChart } from './temperature.chart';
import { RespiratoryRateChart } from './respiratory-rate.chart';
import { LabsChart } from './labs.chart';
import { PatientAlertHistory } from './patient-alert-history';
import { PatientSummary } from './patient-summary';
import { ThresholdEditor } from './threshold-editor';

export interface PatientViewProps {
  api: ApiClient;
  patientId: string;
  patient: WardPatient | undefined;
  alerts: Alert[];
  now: number;
  onBack(): void;
  /** Who is looking: physicians and admins may change thresholds. */
  user?: SessionUser;
  wardId?: string | null;
}

export function PatientView({ api, patientId, patient, alerts, now, onBack, user, wardId = null }: PatientViewProps) {
  const [range, setRange] = useState<TrendRange>('6h');
  const obs = useObservations(api, patientId, range);
  const { from, to } = obs.window;
  const shaped = useMemo(() => {
    const d = obs.data;
    const weightKg = d?.weightKg ?? patient?.weightKg ?? null;
    return {
      rows: vitalsRows(d?.vitals ?? []),
      urine: hourlyUrine(d?.urine ?? [], weightKg),
      il2: labRows(d?.labs ?? [], 'IL2'),
      sil2r: labRows(d?.labs ?? [], 'SIL2R'),
      doses: doseMarkers(d?.doses ?? []),
      weightKg,
    };
  }, [obs.data, patient?.weightKg]);
  const bands = useMemo(() => alertBands(alerts, from, to), [alerts, from, to]);
  const common = { from, to, bands, doses: shaped.doses };

  return (
    <main className="patient" data-testid="patient-view" aria-labelledby="patient-title">
      <div className="patient__bar">
        <button type="button" className="button" onClick={onBack} data-testid="back-to-ward">
          ← Ward
        </button>
        <h1 id="patient-title">
          {patient?.displayName ?? patientId}
          <small>
            {patient?.bed ? ` · bed ${patient.bed}` : ''}
            {patient?.mrn ? ` · MRN ${patient.mrn}` : ''}
            {shaped.weightKg ? ` · ${shaped.weightKg} kg` : ''}
          </small>
        </h1>
        <div className="segmented" role="group" aria-label="Trend window">
          {trendRanges.map((r) => (
            <button key={r} type="button" className="button" aria-pressed={range === r} data-testid={`range-${r}`} onClick={() => setRange(r)}>
              {trendRangeLabels[r]}
            </button>
          ))}
        </div>
        {obs.loading && <span className="muted">Loading…</span>}
        {obs.error && <span className="dialog__error">{obs.error}</span>}
      </div>
      <PatientSummary patient={patient} now={now} alerts={alerts} />
      <div className="patient__body">
        <div className="charts">
          <BloodPressureChart rows={shaped.rows} {...common} />
          <HeartRateChart rows={shaped.rows} {...common} />
          <SpO2Chart rows={shaped.rows} {...common} />
          <RespiratoryRateChart rows={shaped.rows} {...common} />
          <TemperatureChart rows={shaped.rows} {...common} />
          <UrineChart bars={shaped.urine} weightKg={shaped.weightKg} {...common} />
          <LabsChart il2={shaped.il2} sil2r={shaped.sil2r} {...common} />
        </div>
        <aside className="patient__side">
          <PatientAlertHistory api={api} alerts={alerts} />
          {user && <ThresholdEditor api={api} user={user} patientId={patientId} wardId={patient?.wardId ?? wardId} />}
        </aside>
      </div>
    </main>
  );
}
