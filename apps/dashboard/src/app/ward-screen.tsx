import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alert, AlertTransition, LoginResponse, SilenceChange, SilenceKind, SilenceRequest } from '@vigil/contracts';
import type { ApiClient } from '../api/api.client';
import type { WardSummary } from '../api/api.types';
import { alertHistory, alertQueue, openAlertsByPatient } from '../alerts/alert-queue';
import { allAlerts } from '../alerts/alerts.store';
import { noSilences, silenceAt } from '../alerts/silences';
import { SilenceDialog } from '../components/silence-dialog';
import { createLiveSocket } from '../live/live.socket';
import { useAlertSound } from '../sound/use-alert-sound';
import { sortBedTiles } from '../ward/bed-tiles';
import { newestGateAlert } from '../ward/dose-panel';
import { useWardLive } from '../ward/use-ward-live';
import { AckDialog } from '../components/ack-dialog';
import { AlertHistory } from '../components/alert-history';
import { AlertQueue } from '../components/alert-queue';
import { AppHeader } from '../components/app-header';
import { ConnectionBanner } from '../components/connection-banner';
import { SoundControl } from '../components/sound-control';
import { WardOverview } from '../components/ward-overview';
import { WardPicker } from '../components/ward-picker';
import { apiBaseUrl } from './config';
import { useHashRoute } from './use-hash-route';
import { useNow } from './use-now';
import { useCompactTiles } from './use-compact-tiles';
import { TimeZoneContext } from './time-zone';
import { PeopleContext } from './people';
import { formatClock } from '../util/time-format';

// recharts is only needed on the patient view: keep it out of the wall screen's first load.
const PatientView = lazy(() => import('../patient/patient-view').then((m) => ({ default: m.PatientView })));
const AlertHistoryView = lazy(() => import('../history/alert-history-view').then((m) => ({ default: m.AlertHistoryView })));

export function WardScreen({ session, api, onLogout }: { session: LoginResponse; api: ApiClient; onLogout(): void }) {
  const { user, token } = session;
  const [route, navigate] = useHashRoute();
  const [wards, setWards] = useState<WardSummary[] | null>(null);
  const [wardsError, setWardsError] = useState<string | null>(null);
  const [ackTargetId, setAckTargetId] = useState<string | null>(null);
  const now = useNow(1000);
  const sound = useAlertSound(now);

  // A wall screen may come up before the service does: keep trying every 5 s.
  useEffect(() => {
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api
        .wards()
        .then((w) => {
          if (cancelled) return;
          setWards(w);
          setWardsError(null);
        })
        .catch((e: Error) => {
          if (cancelled) return;
          setWardsError(`${e.message} (retrying)`);
          retry = setTimeout(load, 5000);
        });
    void load();
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [api]);

  const routeWard = route.view === 'home' ? null : route.wardId;
  const wardId = wards && routeWard && wards.some((w) => w.id === routeWard) ? routeWard : null;

  // With exactly one ward (or a stale link) go straight to the first allowed ward.
  useEffect(() => {
    if (!wards || wardId) return;
    if (wards.length === 1 || (routeWard && wards.length > 0)) navigate({ view: 'ward', wardId: wards[0].id });
  }, [wards, wardId, routeWard, navigate]);

  // Names for "acknowledged by": the ward's staff, loaded with the ward (logins are shown until then).
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!wardId) return;
    let cancelled = false;
    api
      .wardStaff(wardId)
      .then((staff) => !cancelled && setPeople(new Map(staff.map((s) => [s.username, s.displayName]))))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, wardId]);
  const timeZone = wards?.find((w) => w.id === wardId)?.timeZone;

  const createSocket = useCallback(() => createLiveSocket(apiBaseUrl, token), [token]);
  // A silenced or shelved alert does not sound; its worsening or expiry re-announces it (onSilenceChange).
  const silencesRef = useRef(noSilences);
  const severityRef = useRef<(id: string) => Alert['severity'] | undefined>(() => undefined);
  const announce = sound.announce;
  const reannounce = sound.reannounce;
  const onLiveTransitions = useCallback((ts: AlertTransition[]) => announce(ts.filter((t) => !silenceAt(silencesRef.current, t.alert.id, Date.now()))), [announce]);
  const onSilenceChange = useCallback(
    (c: SilenceChange) => {
      const severity = severityRef.current(c.silence.alertId);
      if (c.reannounce && severity) reannounce(severity);
    },
    [reannounce],
  );
  const live = useWardLive({ api, wardId, createSocket, onLiveTransitions, onSilenceChange, onAuthRejected: onLogout });
  silencesRef.current = live.silences;
  severityRef.current = (id) => live.alerts.byId[id]?.alert.severity;
  const [silenceTargetId, setSilenceTargetId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const silencedKinds = useMemo(() => new Map<string, SilenceKind>([...live.silences.values()].map((s) => [s.alertId, s.kind])), [live.silences]);
  const submitSilence = useCallback((id: string, body: SilenceRequest) => api.silence(id, body), [api]);
  const mergeSilence = live.mergeSilence;
  const liftSilence = useCallback(
    (a: Alert) => {
      setActionError(null);
      api.liftSilence(a.id).then(mergeSilence, (e: Error) => setActionError(`Could not lift the silence: ${e.message}`));
    },
    [api, mergeSilence],
  );
  const openSilence = useCallback((a: Alert) => setSilenceTargetId(a.id), []);
  const silenceTarget = silenceTargetId ? (live.alerts.byId[silenceTargetId]?.alert ?? null) : null;

  const alerts = useMemo(() => allAlerts(live.alerts), [live.alerts]);
  const queue = useMemo(() => alertQueue(alerts), [alerts]);
  const history = useMemo(() => alertHistory(alerts), [alerts]);
  const byPatient = useMemo(() => openAlertsByPatient(alerts), [alerts]);
  // Each patient's newest dose gate alert, closed ones too: the tile keeps the decision once the dose is documented.
  const gates = useMemo(() => {
    const byId = new Map<string, Alert[]>();
    for (const a of alerts) if (a.rule === 'dose_gate') byId.set(a.patientId, [...(byId.get(a.patientId) ?? []), a]);
    return new Map([...byId].map(([id, list]) => [id, newestGateAlert(list)!]));
  }, [alerts]);
  // Sorting follows the clock in 5 s steps (stale beds move up) rather than every second.
  const sortNow = Math.floor(now / 5000) * 5000;
  const tiles = useMemo(() => sortBedTiles(live.patients, byPatient, sortNow), [live.patients, byPatient, sortNow]);
  const [compact, setCompact] = useCompactTiles();
  const patientLabel = useCallback(
    (id: string) => {
      const p = live.patients.find((x) => x.id === id);
      return p ? (p.displayName ?? p.id) : undefined;
    },
    [live.patients],
  );
  const openPatient = useCallback((patientId: string) => wardId && navigate({ view: 'patient', wardId, patientId }), [navigate, wardId]);

  const submitAck = useCallback((id: string, note: string, disposition: Parameters<ApiClient['acknowledge']>[2]) => api.acknowledge(id, note, disposition), [api]);

  const ackTarget = ackTargetId ? (live.alerts.byId[ackTargetId]?.alert ?? null) : null;
  const openAck = useCallback((a: Alert) => setAckTargetId(a.id), []);
  const patientId = route.view === 'patient' ? route.patientId : null;
  const patientAlerts = useMemo(() => (patientId ? alerts.filter((a) => a.patientId === patientId) : []), [alerts, patientId]);

  // While the screen is offline every tile may be out of date: grey them all, saying why.
  const offlineReason = live.connection.status === 'offline' ? `Screen offline since ${live.connection.lastUpdateAt ? formatClock(live.connection.lastUpdateAt, timeZone) : 'start'}` : null;

  return (
    <TimeZoneContext.Provider value={timeZone}>
    <PeopleContext.Provider value={people}>
    <div className="app">
      <AppHeader user={user} onLogout={onLogout}>
        {wards && <WardPicker wards={wards} value={wardId} onChange={(id) => navigate({ view: 'ward', wardId: id })} />}
        {patientId && queue.length > 0 && (
          <button type="button" className="button button--warning" onClick={() => wardId && navigate({ view: 'ward', wardId })}>
            {queue.length} alert{queue.length === 1 ? '' : 's'} waiting
          </button>
        )}
        {wardId && route.view !== 'history' && (
          <button type="button" className="button" data-testid="open-history" onClick={() => navigate({ view: 'history', wardId })}>
            Alert history
          </button>
        )}
        {!patientId && wardId && route.view !== 'history' && (
          <button type="button" className="button" aria-pressed={compact} data-testid="density-toggle" onClick={() => setCompact(!compact)} title="Smaller tiles for large wards">
            Compact
          </button>
        )}
        <SoundControl availability={sound.availability} mute={sound.mute} now={now} onUnlock={sound.unlock} onMute={sound.muteFor} onUnmute={sound.unmute} onTest={sound.test} played={sound.played} lastTest={sound.lastTest} />
      </AppHeader>
      {wardId && <ConnectionBanner info={live.connection} now={now} />}
      {wardsError && <p className="dialog__error page-message">Cannot load wards: {wardsError}</p>}
      {wards && wards.length === 0 && <p className="page-message">You are not assigned to any ward. Ask an administrator.</p>}
      {wards && wards.length > 1 && !wardId && <p className="page-message">Choose a ward above.</p>}
      {live.error && <p className="dialog__error page-message">{live.error}</p>}
      {actionError && (
        <p className="dialog__error page-message" role="alert">
          {actionError}
        </p>
      )}
      {wardId && route.view === 'history' ? (
        <Suspense fallback={<p className="page-message">Loading history…</p>}>
          <AlertHistoryView api={api} wardId={wardId} patients={live.patients} onBack={() => navigate({ view: 'ward', wardId })} />
        </Suspense>
      ) : wardId && patientId ? (
        <Suspense fallback={<p className="page-message">Loading trends…</p>}>
          <PatientView api={api} patientId={patientId} patient={live.patients.find((p) => p.id === patientId)} alerts={patientAlerts} now={now} onBack={() => navigate({ view: 'ward', wardId })} user={user} wardId={wardId} />
        </Suspense>
      ) : wardId ? (
        <main className={`ward${compact ? ' ward--compact' : ''}`}>
          <WardOverview tiles={tiles} now={now} loading={live.loading} compact={compact} offlineReason={offlineReason} onOpenPatient={openPatient} silenced={silencedKinds} gates={gates} />
          <aside className="ward__side">
            <AlertQueue alerts={queue} now={now} user={user} patientLabel={patientLabel} onAcknowledge={openAck} onOpenPatient={openPatient} silences={live.silences} onSilence={openSilence} onLift={liftSilence} />
            <AlertHistory alerts={history} now={now} patientLabel={patientLabel} onOpenPatient={openPatient} />
          </aside>
        </main>
      ) : null}
      {silenceTarget && (
        <SilenceDialog
          alert={silenceTarget}
          user={user}
          submit={submitSilence}
          onClose={() => setSilenceTargetId(null)}
          onDone={(change) => {
            live.mergeSilence(change);
            setSilenceTargetId(null);
          }}
        />
      )}
      {ackTarget && (
        <AckDialog
          alert={ackTarget}
          user={user}
          submit={submitAck}
          onClose={() => setAckTargetId(null)}
          onDone={(updated) => {
            live.mergeAlert(updated);
            setAckTargetId(null);
          }}
        />
      )}
    </div>
    </PeopleContext.Provider>
    </TimeZoneContext.Provider>
  );
}
