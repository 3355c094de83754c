import { memo } from 'react';
import type { Alert } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';
import { dataFreshness } from '../ward/stale-data';
import { formatAge, formatClock } from '../util/time-format';
import { routeHash } from '../app/hash-route';
import { AlertBadge } from './alert-badge';
import { VitalValue } from './vital-value';

export interface BedTileProps {
  patient: WardPatient;
  alerts: Alert[];
  now: number;
  onOpen(patientId: string): void;
}

/** One badge per rule (its most urgent open alert, alerts arrive in queue order) with a count. */
function badgeGroups(alerts: Alert[]): { alert: Alert; count: number }[] {
  const groups = new Map<string, { alert: Alert; count: number }>();
  for (const a of alerts) {
    const g = groups.get(a.rule);
    if (g) g.count++;
    else groups.set(a.rule, { alert: a, count: 1 });
  }
  return [...groups.values()];
}

const fmt = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

/** One bed: patient, latest vitals, last-hour urine, NEWS2, age of data, alert badges. */
function BedTileView({ patient, alerts, now, onOpen }: BedTileProps) {
  const v = patient.latest;
  const freshness = dataFreshness(patient.lastDataAt, now);
  const top = alerts.find((a) => a.state !== 'resolved');
  const level = top ? `${top.severity}${top.state === 'acknowledged' ? '-acked' : ''}` : 'none';
  const urinePerKg = patient.lastUrineMlPerHour != null && patient.weightKg ? patient.lastUrineMlPerHour / patient.weightKg : null;
  return (
    <article className={`tile tile--${level}${freshness.kind !== 'fresh' ? ' tile--stale' : ''}`} data-testid={`bed-tile-${patient.id}`} data-alert-level={level} aria-label={`Bed ${patient.bed ?? '?'}`}>
      <header className="tile__head">
        <span className="tile__bed">Bed {patient.bed ?? '—'}</span>
        <a
          className="tile__name link-button"
          href={routeHash({ view: 'patient', wardId: patient.wardId ?? '', patientId: patient.id })}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onOpen(patient.id);
          }}
          title="Open trends and alert history"
        >
          {patient.displayName ?? patient.id}
        </a>
      </header>
      <div className="tile__ids">
        {patient.mrn ? `MRN ${patient.mrn}` : patient.id}
        {patient.weightKg ? ` · ${patient.weightKg} kg` : ''}
      </div>
      <dl className="tile__vitals">
        <VitalValue label="BP (MAP) mmHg" wide abnormal={(v?.sbp != null && v.sbp < 90) || (v?.map != null && v.map < 65)}>
          {fmt(v?.sbp)}/{fmt(v?.dbp)} <small>({fmt(v?.map)})</small>
        </VitalValue>
        <VitalValue label="HR" unit="/min" abnormal={v?.hr != null && (v.hr > 120 || v.hr < 50)}>
          {fmt(v?.hr)}
        </VitalValue>
        <VitalValue label="SpO₂" unit="%" abnormal={v?.spo2 != null && v.spo2 < 92}>
          {fmt(v?.spo2)}
        </VitalValue>
        <VitalValue label="Urine 1 h" unit="mL" abnormal={urinePerKg !== null && urinePerKg < 0.5}>
          {fmt(patient.lastUrineMlPerHour)}
        </VitalValue>
        <VitalValue label="NEWS2" abnormal={patient.news2 != null && patient.news2 >= 5}>
          {fmt(patient.news2)}
        </VitalValue>
      </dl>
      <div className="tile__badges" aria-label="Open alerts">
        {alerts.length === 0 ? <span className="tile__quiet">No open alerts</span> : badgeGroups(alerts).map(({ alert, count }) => <AlertBadge key={alert.id} alert={alert} count={count} />)}
      </div>
      <footer className="tile__foot">
        <span>Last data {formatClock(patient.lastDataAt)}</span>
        {freshness.kind === 'stale' && (
          <strong className="stale-notice" data-testid={`stale-${patient.id}`}>
            ⚠ No data for {formatAge(freshness.silentForMs)}
          </strong>
        )}
        {freshness.kind === 'none' && (
          <strong className="stale-notice" data-testid={`stale-${patient.id}`}>
            ⚠ No data received
          </strong>
        )}
      </footer>
    </article>
  );
}

export const BedTile = memo(BedTileView);
