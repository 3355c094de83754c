import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PatientThresholds, SessionUser } from '@vigil/contracts';
import type { ApiClient } from '../api/api.client';
import { isApiError } from '../api/api.error';
import { useTimeZone } from '../app/time-zone';
import { usePersonName } from '../app/people';
import { formatDateTime } from '../util/time-format';

/** The thresholds a physician adjusts at the bedside (CLINICAL_RULES §6); the rest stay API-only. */
export const editableThresholds: { key: string; label: string; unit: string }[] = [
  { key: 'sbpLow', label: 'Systolic BP low', unit: 'mmHg' },
  { key: 'mapLow', label: 'MAP low', unit: 'mmHg' },
  { key: 'sbpSevere', label: 'Systolic BP severe', unit: 'mmHg' },
  { key: 'mapSevere', label: 'MAP severe', unit: 'mmHg' },
  { key: 'hrRelative', label: 'Heart rate high', unit: '/min' },
  { key: 'hrAbsolute', label: 'Heart rate severe', unit: '/min' },
  { key: 'spo2Low', label: 'SpO₂ low', unit: '%' },
  { key: 'spo2Severe', label: 'SpO₂ severe', unit: '%' },
  { key: 'tempFever', label: 'Fever', unit: '°C' },
  { key: 'tempHigh', label: 'Fever high', unit: '°C' },
  { key: 'uoRelativeMlH', label: 'Urine low', unit: 'mL/h' },
  { key: 'uoAbsoluteMlH', label: 'Urine severe', unit: 'mL/h' },
];

export interface ThresholdEditorProps {
  api: ApiClient;
  user: SessionUser;
  patientId: string;
  wardId: string | null;
}

/**
 * What is in force for the patient and since when (ward and patient changes, who and why), and for a
 * physician or an admin a form to change them with a reason, through the audited thresholds API.
 */
export function ThresholdEditor({ api, user, patientId, wardId }: ThresholdEditorProps) {
  const timeZone = useTimeZone();
  const personName = usePersonName();
  const canEdit = user.role === 'physician' || user.role === 'admin';
  const [data, setData] = useState<PatientThresholds | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [scope, setScope] = useState<'patient' | 'ward'>('patient');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.thresholds(patientId).then(
        (d) => {
          setData(d);
          setLoadError(null);
        },
        (e: Error) => setLoadError(e.message),
      ),
    [api, patientId],
  );
  useEffect(() => void load(), [load]);

  const startEditing = () => {
    if (!data) return;
    setDraft(Object.fromEntries(editableThresholds.map((t) => [t.key, String(data.inForce.values[t.key] ?? '')])));
    setReason('');
    setErrors([]);
    setError(null);
    setSaved(null);
    setEditing(true);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!data || busy) return;
    // Only what changed is sent; a field left as it was is not a change.
    const values: Record<string, number> = {};
    for (const t of editableThresholds) {
      const raw = (draft[t.key] ?? '').trim();
      if (raw === String(data.inForce.values[t.key] ?? '')) continue;
      values[t.key] = raw === '' ? Number.NaN : Number(raw);
    }
    const bad = Object.entries(values)
      .filter(([, v]) => !Number.isFinite(v))
      .map(([k]) => ({ path: `values.${k}`, message: 'enter a number' }));
    if (bad.length > 0) {
      setErrors(bad);
      return;
    }
    setBusy(true);
    setErrors([]);
    setError(null);
    try {
      const id = scope === 'ward' ? wardId! : patientId;
      const res = await api.changeThresholds(scope, id, values, reason);
      // Show what is now in force (reloaded) together with the confirmation, never the old values.
      await load();
      setSaved(`Saved: version ${res.version} of the ${scope === 'ward' ? 'ward' : 'patient'} thresholds.`);
      setEditing(false);
    } catch (err) {
      if (isApiError(err) && err.errors.length > 0) setErrors(err.errors);
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (key: string) => errors.find((x) => x.path === `values.${key}`)?.message;
  // Errors on no field of the form (the reason, "give at least one threshold") are listed under it.
  const otherErrors = errors.filter((x) => !editableThresholds.some((t) => x.path === `values.${t.key}`));
  const latest = data?.history.length ? data.history[data.history.length - 1] : null;

  return (
    <section className="panel thresholds" aria-labelledby="thresholds-title" data-testid="thresholds">
      <h2 id="thresholds-title" className="panel__title">
        Thresholds <span className="count" data-testid="thresholds-version">v{data?.inForce.version ?? '…'}</span>
      </h2>
      {loadError && <p className="dialog__error">Cannot load thresholds: {loadError}</p>}
      {data && (
        <p className="muted" data-testid="thresholds-since">
          {latest
            ? `Changed ${formatDateTime(latest.createdAt, timeZone)} by ${personName(latest.createdBy)} (${latest.scope === 'ward' ? 'whole ward' : 'this patient'}): “${latest.reason}”`
            : 'Ward defaults (CLINICAL_RULES); never changed for this patient or ward.'}
        </p>
      )}
      {saved && (
        <p role="status" data-testid="thresholds-saved">
          {saved}
        </p>
      )}
      {data && !editing && (
        <>
          <dl className="thresholds__list">
            {editableThresholds.map((t) => (
              <div key={t.key} className="thresholds__item">
                <dt>{t.label}</dt>
                <dd data-testid={`threshold-${t.key}`}>
                  {data.inForce.values[t.key]} {t.unit}
                </dd>
              </div>
            ))}
          </dl>
          {canEdit ? (
            <button type="button" className="button" data-testid="thresholds-edit" onClick={startEditing}>
              Change thresholds…
            </button>
          ) : (
            <p className="alert-row__reason">Only a physician or an administrator can change thresholds.</p>
          )}
        </>
      )}
      {data && editing && (
        <form onSubmit={onSubmit} noValidate data-testid="thresholds-form">
          <label className="field">
            <span>Apply to</span>
            <select data-testid="thresholds-scope" value={scope} onChange={(e) => setScope(e.target.value as 'patient' | 'ward')}>
              <option value="patient">This patient only</option>
              {wardId && <option value="ward">Every patient of ward {wardId}</option>}
            </select>
          </label>
          <div className="thresholds__grid">
            {editableThresholds.map((t) => {
              const msg = fieldError(t.key);
              return (
                <label key={t.key} className="field">
                  <span>
                    {t.label} ({t.unit})
                  </span>
                  <input
                    inputMode="decimal"
                    data-testid={`threshold-input-${t.key}`}
                    value={draft[t.key] ?? ''}
                    aria-invalid={msg ? true : undefined}
                    onChange={(e) => setDraft((d) => ({ ...d, [t.key]: e.target.value }))}
                  />
                  {msg && (
                    <span className="field__error" data-testid={`threshold-error-${t.key}`}>
                      {msg}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
          <label className="field">
            <span>Reason (recorded with your name)</span>
            <textarea data-testid="thresholds-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {otherErrors.length > 0 && (
            <p className="dialog__error" role="alert" data-testid="thresholds-errors">
              {otherErrors.map((x) => `${x.path}: ${x.message}`).join('; ')}
            </p>
          )}
          {error && (
            <p className="dialog__error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" data-testid="thresholds-submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save thresholds'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
