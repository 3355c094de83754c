import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert, AlertTransition, SilenceChange, VitalsSnapshot } from '@vigil/contracts';
import type { ApiClient } from '../api/api.client';
import type { WardPatient } from '../api/api.types';
import { applyTransitions, emptyAlertsState, mergeAlerts, type AlertsState } from '../alerts/alerts.store';
import { LiveConnection, type ConnectionInfo, type LiveSocket } from '../live/live.connection';
import { applyVitals, mergePatientRefresh } from './ward-patients';
import { applySilenceChange, noSilences, silencesFrom, type SilencesInForce } from '../alerts/silences';

export interface WardLive {
  patients: WardPatient[];
  alerts: AlertsState;
  /** Per-alert silences and shelves in force on the ward. */
  silences: SilencesInForce;
  connection: ConnectionInfo;
  loading: boolean;
  error: string | null;
  /** Folds an alert returned by REST (e.g. the acknowledge answer) in before its transition arrives. */
  mergeAlert(alert: Alert): void;
  /** Folds a silence change returned by REST in before the socket's copy arrives. */
  mergeSilence(change: SilenceChange): void;
}

export interface WardLiveOptions {
  api: ApiClient;
  wardId: string | null;
  createSocket: () => LiveSocket;
  /** Transitions that arrived live (not the initial snapshot): sound, notifications. */
  onLiveTransitions?: (applied: AlertTransition[]) => void;
  onAuthRejected?: () => void;
  /** A silence started or ended live (an expiry or a worsening asks to announce the alert again). */
  onSilenceChange?: (change: SilenceChange) => void;
  refreshPatientsMs?: number;
  vitalsFlushMs?: number;
}

declare global {
  interface Window {
    /** Debug hooks for end-to-end tests: drop and restore the live connection. */
    vigilLive?: { drop(): void; restore(): void; since(): number };
  }
}

/** REST snapshot + socket.io subscription of one ward, folded into patients and alerts. */
export function useWardLive({ api, wardId, createSocket, onLiveTransitions, onAuthRejected, onSilenceChange, refreshPatientsMs = 60_000, vitalsFlushMs = 500 }: WardLiveOptions): WardLive {
  const [patients, setPatients] = useState<WardPatient[]>([]);
  const [alerts, setAlerts] = useState<AlertsState>(emptyAlertsState);
  const [silences, setSilences] = useState<SilencesInForce>(noSilences);
  const [connection, setConnection] = useState<ConnectionInfo>({ status: 'reconnecting', lastUpdateAt: null, detail: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const alertsRef = useRef<AlertsState>(emptyAlertsState);
  const patientsRef = useRef<WardPatient[]>([]);
  patientsRef.current = patients;
  const lastUnknownRefresh = useRef(0);
  const vitalsBuffer = useRef<VitalsSnapshot[]>([]);
  const liveRef = useRef<LiveConnection | null>(null);
  const wardRef = useRef(wardId);
  wardRef.current = wardId;
  const callbacks = useRef({ onLiveTransitions, onAuthRejected, onSilenceChange });
  callbacks.current = { onLiveTransitions, onAuthRejected, onSilenceChange };

  const commitAlerts = useCallback((next: AlertsState) => {
    if (next === alertsRef.current) return;
    alertsRef.current = next;
    setAlerts(next);
  }, []);

  /** Whether the REST history of the current ward arrived; if not, every resubscription retries it. */
  const historyLoaded = useRef(false);

  const loadHistory = useCallback(
    (ward: string) =>
      api.alerts({ wardId: ward }).then((list) => {
        if (wardRef.current !== ward) return;
        historyLoaded.current = true;
        setError(null);
        commitAlerts(mergeAlerts(alertsRef.current, list));
      }),
    [api, commitAlerts],
  );

  const refreshPatients = useCallback(
    async (ward: string) => {
      const fresh = await api.wardPatients(ward);
      setPatients((shown) => mergePatientRefresh(shown, fresh));
      setError(null);
    },
    [api],
  );

  /** An alert or vitals for a patient not on the screen means a new admission: reload the beds (at most every 10 s). */
  const refreshIfUnknown = useCallback(
    (patientIds: string[]) => {
      const ward = wardRef.current;
      if (!ward || patientsRef.current.length === 0) return;
      const known = new Set(patientsRef.current.map((p) => p.id));
      if (patientIds.every((id) => known.has(id))) return;
      if (Date.now() - lastUnknownRefresh.current < 10_000) return;
      lastUnknownRefresh.current = Date.now();
      void refreshPatients(ward).catch(() => undefined);
    },
    [refreshPatients],
  );

  // One socket per session; it follows the selected ward.
  useEffect(() => {
    const live = new LiveConnection(createSocket(), {
      onSubscribed: (ack) => {
        // The ack is the truth about silences in force (ends missed while away included).
        setSilences(silencesFrom(ack.silences));
        if (ack.reset) {
          // The server forgot what we saw (new database): its open alerts and history are the truth.
          commitAlerts(mergeAlerts(emptyAlertsState, ack.active, ack.seq));
          void loadHistory(ack.wardId).catch(() => undefined);
          void refreshPatients(ack.wardId).catch(() => undefined);
          return;
        }
        // Missed transitions first (they carry seqs), then the open alerts as of the ack's seq.
        const caughtUp = applyTransitions(alertsRef.current, ack.missed);
        commitAlerts(mergeAlerts(caughtUp.state, ack.active, ack.seq));
        if (ack.resumed && caughtUp.applied.length) callbacks.current.onLiveTransitions?.(caughtUp.applied);
        if (ack.resumed) void refreshPatients(ack.wardId).catch(() => undefined);
        if (!historyLoaded.current) void loadHistory(ack.wardId).catch(() => undefined);
      },
      onTransitions: (ts) => {
        const next = applyTransitions(alertsRef.current, ts);
        commitAlerts(next.state);
        if (next.applied.length) callbacks.current.onLiveTransitions?.(next.applied);
        refreshIfUnknown(ts.map((t) => t.alert.patientId));
        // A dose gate closes when a dose is documented: the tiles' dose timing (last, next due) moved with it.
        if (wardRef.current && next.applied.some((t) => t.alert.rule === 'dose_gate' && t.type === 'resolved')) void refreshPatients(wardRef.current).catch(() => undefined);
      },
      onVitals: (s) => {
        vitalsBuffer.current.push(s);
      },
      onSilence: (change) => {
        setSilences((current) => applySilenceChange(current, change));
        callbacks.current.onSilenceChange?.(change);
      },
      onStatus: (info) => setConnection(info),
      onAuthRejected: () => callbacks.current.onAuthRejected?.(),
    });
    liveRef.current = live;
    if (wardRef.current) live.subscribe(wardRef.current);
    window.vigilLive = { drop: () => live.drop(), restore: () => live.restore(), since: () => live.since };
    return () => {
      live.close();
      liveRef.current = null;
      delete window.vigilLive;
    };
  }, [createSocket, commitAlerts, refreshPatients, refreshIfUnknown, loadHistory]);

  // Ward change: fresh state, REST snapshot, subscription.
  useEffect(() => {
    if (!wardId) return;
    let cancelled = false;
    commitAlerts(emptyAlertsState);
    setSilences(noSilences);
    setPatients([]);
    setLoading(true);
    setError(null);
    vitalsBuffer.current = [];
    historyLoaded.current = false;
    liveRef.current?.subscribe(wardId);
    Promise.all([api.wardPatients(wardId), loadHistory(wardId)])
      .then(([ps]) => {
        if (cancelled) return;
        setPatients((shown) => mergePatientRefresh(shown, ps));
      })
      .catch((e: Error) => !cancelled && setError(e.message))
      .finally(() => !cancelled && setLoading(false));
    const refresh = setInterval(() => void refreshPatients(wardId).catch((e: Error) => !cancelled && setError(e.message)), refreshPatientsMs);
    return () => {
      cancelled = true;
      clearInterval(refresh);
    };
  }, [api, wardId, commitAlerts, refreshPatients, refreshPatientsMs, loadHistory]);

  // Vitals arrive per patient per second: fold them in at most twice a second.
  useEffect(() => {
    const id = setInterval(() => {
      if (vitalsBuffer.current.length === 0) return;
      const batch = vitalsBuffer.current;
      vitalsBuffer.current = [];
      setPatients((ps) => applyVitals(ps, batch));
      refreshIfUnknown(batch.map((v) => v.patientId));
    }, vitalsFlushMs);
    return () => clearInterval(id);
  }, [vitalsFlushMs, refreshIfUnknown]);

  const mergeAlert = useCallback((alert: Alert) => commitAlerts(mergeAlerts(alertsRef.current, [alert])), [commitAlerts]);

  const mergeSilence = useCallback((change: SilenceChange) => setSilences((current) => applySilenceChange(current, change)), []);

  return { patients, alerts, silences, connection, loading, error, mergeAlert, mergeSilence };
}
