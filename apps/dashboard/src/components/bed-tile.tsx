import { memo } from 'react';
import { vitalsArtefacts, type Alert, type SilenceKind } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';
import { dataFreshness } from '../ward/stale-data';
import { urineCells } from '../ward/urine-display';
import { oxygenText, shortOxygenText } from '../ward/oxygen-text';
import { formatAge, formatAgo, formatClock, formatHourMinute } from '../util/time-format';
import { routeHash } from '../app/hash-route';
import { useTimeZone } from '../app/time-zone';
import { AlertBadge } from './alert-badge';
import { VitalValue } from './vital-value';
import { DosePanel } from './dose-panel';
import { dosePanelView } from '../ward/dose-panel';

export interface BedTileProps {
  patient: WardPatient;
  alerts: Alert[];
  now: number;
  /** Why every value on the screen may be old (the live connection is down), or null. */
  offlineReason?: string | null;
  /** Compact tiles (large wards): shorter labels, the unit in the label, NEWS2 in the header, no footer unless greyed. */
  compact?: boolean;
  onOpen(patientId: string): void;
  /** Kind of the silence in force per alert id (badges show it). */
  silenced?: ReadonlyMap<string, SilenceKind>;
  /** The patient's newest dose gate alert, open or closed (the dose panel shows the decision after the dose is documented). */
  gateAlert?: Alert;
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

/** Fields of the latest reading that are artefacts (§10 physiological bounds), shown as such. */
function latestArtefacts(v: WardPatient['latest']): Set<string> {
  if (!v) return new Set();
  const n = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);
  return new Set<string>(vitalsArtefacts({ sbp: n(v.sbp), dbp: n(v.dbp), map: n(v.map), hr: n(v.hr), spo2: n(v.spo2), temp: n(v.temp) }));
}

const fmt = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

/** One bed: patient, latest vitals (BP, HR, SpO₂ with oxygen, RR, temperature), urine, NEWS2, age of data, alert badges. */
function BedTileView({ patient, alerts, now, offlineReason = null, compact = false, onOpen, silenced, gateAlert }: BedTileProps) {
  const timeZone = useTimeZone();
  const v = patient.latest;
  const freshness = dataFreshness(patient.lastDataAt, now);
  const top = alerts.find((a) => a.state !== 'resolved' && a.state !== 'cancelled');
  const level = top ? `${top.severity}${top.state === 'acknowledged' ? '-acked' : ''}` : 'none';
  const urine = urineCells(patient.urine, (iso) => formatHourMinute(iso, timeZone));
  const oxygen = oxygenText(v?.o2FlowLpm, v?.o2Device, v?.fio2Pct);
  const artefact = latestArtefacts(v);
  const bpArtefact = artefact.has('sbp') || artefact.has('dbp') || artefact.has('map');
  const temp = (
    <VitalValue label="Temp" unit="°C" abnormal={v?.temp != null && (v.temp >= 38 || v.temp < 35)} artefact={artefact.has('temp')} testId="vital-temp">
      {fmt(v?.temp, 1)}
    </VitalValue>
  );
  const dose = dosePanelView(patient.dose, gateAlert ?? alerts.find((a) => a.rule === 'dose_gate'));
  // Compact: the dose line already shows an open gate decision in its colour, so no badge repeats it.
  const badgeAlerts = compact && dose?.gate?.outcome === 'pending' ? alerts.filter((a) => a.rule !== 'dose_gate') : alerts;
  const greyReason = offlineReason ?? (freshness.kind === 'stale' ? `No data for ${formatAge(freshness.silentForMs)}` : freshness.kind === 'none' ? 'No data received' : null);
  return (
    <article
      title={compact && !greyReason && patient.lastDataAt ? `Last data ${formatClock(patient.lastDataAt, timeZone)} · ${formatAgo(patient.lastDataAt, now)}` : undefined}
      className={`tile${compact ? ' tile--compact' : ''} tile--${level}${greyReason ? ' tile--stale' : ''}`}
      data-testid={`bed-tile-${patient.id}`}
      data-alert-level={level}
      data-greyed={greyReason ? 'true' : undefined}
      aria-label={`Bed ${patient.bed ?? '?'}, ${patient.displayName ?? patient.id}`}
    >
      <header className="tile__head">
        <span className="tile__bed">Bed {patient.bed ?? '—'}</span>{' '}
        <a
          className="tile__name link-button"
          href={routeHash({ view: 'patient', wardId: patient.wardId ?? '', patientId: patient.id })}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onOpen(patient.id);
          }}
          title="Open trends and alert history"
          data-testid={`tile-name-${patient.id}`}
        >
          {patient.displayName ?? patient.id}
        </a>
      </header>
      {!compact && (
      <div className="tile__ids">
        {patient.mrn ? `MRN ${patient.mrn}` : patient.id}
        {patient.weightKg ? ` · ${patient.weightKg} kg` : ''}
      </div>
      )}
      <dl className="tile__vitals">
        {compact ? (
          <VitalValue label="BP" unit="mmHg" wide abnormal={(v?.sbp != null && v.sbp < 90) || (v?.map != null && v.map < 65)} artefact={bpArtefact} detail={`MAP ${fmt(v?.map)}`} testId="vital-bp">
            {fmt(v?.sbp)}/{fmt(v?.dbp)}
          </VitalValue>
        ) : (
          <VitalValue label="BP (MAP)" unit="mmHg" wide abnormal={(v?.sbp != null && v.sbp < 90) || (v?.map != null && v.map < 65)} artefact={bpArtefact} testId="vital-bp">
          {fmt(v?.sbp)}/{fmt(v?.dbp)} <small>({fmt(v?.map)})</small>
        </VitalValue>
        )}
        <VitalValue label="HR" unit="/min" abnormal={v?.hr != null && (v.hr > 120 || v.hr < 50)} artefact={artefact.has('hr')} testId="vital-hr">
          {fmt(v?.hr)}
        </VitalValue>
        <VitalValue label="SpO₂" unit="%" abnormal={v?.spo2 != null && v.spo2 < 92} artefact={artefact.has('spo2')} detail={compact ? shortOxygenText(v?.o2FlowLpm, v?.o2Device) : oxygen} testId="vital-spo2">
          {fmt(v?.spo2)}
        </VitalValue>
        {/* Compact: temperature before RR, so the wider value gets the wider column. */}
        {compact && temp}
        <VitalValue label="RR" unit="/min" abnormal={v?.rr != null && (v.rr > 24 || v.rr < 9)} testId="vital-rr">
          {fmt(v?.rr)}
        </VitalValue>
        {!compact && temp}
        {compact ? (
          <>
            <VitalValue label="UO 1h" unit="mL" abnormal={urine.hour.abnormal} detail={urine.hour.shortDetail} title={urine.hour.title} testId="vital-urine-hour">
              {urine.hour.short}
            </VitalValue>
            <VitalValue label={`UO ${patient.urine?.shift.hours ?? 8}h`} unit="mL" abnormal={urine.shift.abnormal} detail={urine.shift.shortDetail} title={urine.shift.title} testId="vital-urine-shift">
              {urine.shift.short}
            </VitalValue>
          </>
        ) : (
          <>
            <VitalValue label="Urine 1 h" abnormal={urine.hour.abnormal} detail={urine.hour.detail} title={urine.hour.title} testId="vital-urine-hour">
              {urine.hour.text}
            </VitalValue>
            <VitalValue label={`Urine ${patient.urine?.shift.hours ?? 8} h`} abnormal={urine.shift.abnormal} detail={urine.shift.detail} title={urine.shift.title} testId="vital-urine-shift">
              {urine.shift.text}
            </VitalValue>
            <VitalValue label="NEWS2" abnormal={patient.news2 != null && patient.news2 >= 5} testId="vital-news2">
              {fmt(patient.news2)}
            </VitalValue>
          </>
        )}
      </dl>
      <DosePanel view={dose} compact={compact} testId={`dose-gate-${patient.id}`} />
      <div className="tile__badges" aria-label="Open alerts">
        {alerts.length === 0 ? (compact ? null : <span className="tile__quiet">No open alerts</span>) : badgeGroups(badgeAlerts).map(({ alert, count }) => <AlertBadge key={alert.id} alert={alert} count={count} silenced={silenced?.get(alert.id) ?? null} />)}
        {/* Compact: NEWS2 closes the badge row, so the bed and name get the whole head line. */}
        {compact && (
          <span className={`tile__news2${patient.news2 != null && patient.news2 >= 5 ? ' vital--abnormal' : ''}`} data-testid="vital-news2" title="NEWS2">
            <small>NEWS2</small> <span className="vital__value">{fmt(patient.news2)}</span>
          </span>
        )}
      </div>
      {(!compact || greyReason) && (
      <footer className="tile__foot">
        {/* Compact and greyed: the reason alone (it says how old), the clock time in its tooltip. */}
        {!compact && (
        <span title={patient.lastDataAt ?? undefined}>
          Last data {formatClock(patient.lastDataAt, timeZone)}
          {patient.lastDataAt ? ` · ${formatAgo(patient.lastDataAt, now)}` : ''}
        </span>
        )}
        {greyReason && (
          <strong className="stale-notice" data-testid={`stale-${patient.id}`} title={patient.lastDataAt ? `Last data ${formatClock(patient.lastDataAt, timeZone)}` : 'No data received'}>
            ⚠ {greyReason}
          </strong>
        )}
      </footer>
      )}
    </article>
  );
}

export const BedTile = memo(BedTileView);
