import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import { alertRules, alertSeverities, alertStates, type AlertHistoryPage } from '@vigil/contracts';
import type { ApiClient, AlertHistoryFilters } from '../api/api.client';
import type { WardPatient } from '../api/api.types';
import { AlertAuditTrail } from '../patient/alert-audit-trail';
import { ruleLabel } from '../components/rule-labels';
import { useTimeZone } from '../app/time-zone';
import { usePersonName } from '../app/people';
import { formatDateTime } from '../util/time-format';
import { humanizeText } from '../util/human-text';

const PAGE_SIZE = 25;
const stateLabels: Record<string, string> = { pending: 'Pending', active: 'Active', acknowledged: 'Acknowledged', resolved: 'Resolved', cancelled: 'Cancelled' };

interface FormState {
  patientId: string;
  rule: string;
  severity: string;
  state: string;
  from: string;
  to: string;
  q: string;
}
const emptyForm: FormState = { patientId: '', rule: '', severity: '', state: '', from: '', to: '', q: '' };

/** datetime-local (the screen's local time) to an ISO instant; '' stays unset. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function toFilters(wardId: string, f: FormState): AlertHistoryFilters {
  return { wardId, patientId: f.patientId || undefined, rule: f.rule || undefined, severity: f.severity || undefined, state: f.state || undefined, from: toIso(f.from), to: toIso(f.to), q: f.q.trim() || undefined };
}

/** Every alert of the ward, searched and filtered by the server a page at a time, with each one's audit trail and a CSV export. */
export function AlertHistoryView({ api, wardId, patients, onBack }: { api: ApiClient; wardId: string; patients: WardPatient[]; onBack(): void }) {
  const timeZone = useTimeZone();
  const personName = usePersonName();
  const [form, setForm] = useState<FormState>(emptyForm);
  const [applied, setApplied] = useState<AlertHistoryFilters>({ wardId });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<AlertHistoryPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    api
      .alertHistory({ ...applied, page, pageSize: PAGE_SIZE })
      .then((r) => !cancelled && setResult(r))
      .catch((e: Error & { errors?: { path: string; message: string }[] }) => !cancelled && setError(e.errors?.length ? e.errors.map((x) => `${x.path}: ${x.message}`).join('; ') : e.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, applied, page]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(toFilters(wardId, form));
    setPage(1);
  };

  const exportCsv = useCallback(async () => {
    setExporting(true);
    setError(null);
    try {
      const { filename, blob } = await api.alertHistoryCsv(applied);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  }, [api, applied]);

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const patientName = (id: string) => patients.find((p) => p.id === id)?.displayName ?? id;

  return (
    <main className="history" data-testid="history-view" aria-labelledby="history-view-title">
      <div className="patient__bar">
        <button type="button" className="button" onClick={onBack} data-testid="history-back">
          ← Ward
        </button>
        <h1 id="history-view-title">Alert history · {wardId}</h1>
        <button type="button" className="button" data-testid="history-export" onClick={() => void exportCsv()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <form className="history__filters" onSubmit={onSubmit} data-testid="history-filters">
        <label className="field">
          <span>Patient</span>
          <select data-testid="filter-patient" value={form.patientId} onChange={set('patientId')}>
            <option value="">All</option>
            {patients.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName ?? p.id}
                {p.bed ? ` · bed ${p.bed}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Rule</span>
          <select data-testid="filter-rule" value={form.rule} onChange={set('rule')}>
            <option value="">All</option>
            {alertRules.map((r) => (
              <option key={r} value={r}>
                {ruleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Priority</span>
          <select data-testid="filter-severity" value={form.severity} onChange={set('severity')}>
            <option value="">All</option>
            {alertSeverities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>State</span>
          <select data-testid="filter-state" value={form.state} onChange={set('state')}>
            <option value="">All</option>
            {alertStates.map((s) => (
              <option key={s} value={s}>
                {stateLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Opened from</span>
          <input type="datetime-local" data-testid="filter-from" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>to</span>
          <input type="datetime-local" data-testid="filter-to" value={form.to} onChange={set('to')} />
        </label>
        <label className="field">
          <span>Text</span>
          <input type="search" data-testid="filter-q" value={form.q} placeholder="message or patient id" onChange={set('q')} maxLength={200} />
        </label>
        <div className="history__buttons">
          <button type="submit" className="button button--primary" data-testid="filter-apply">
            Search
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setForm(emptyForm);
              setApplied({ wardId });
              setPage(1);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p className="dialog__error" role="alert" data-testid="history-error">
          {error}
        </p>
      )}
      <p className="muted" data-testid="history-count" aria-live="polite">
        {loading ? 'Searching…' : result ? `${result.total} alert${result.total === 1 ? '' : 's'} · page ${result.page} of ${pages}` : ''}
      </p>
      {result && result.items.length > 0 && (
        <table className="history__table" data-testid="history-table">
          <thead>
            <tr>
              <th>Opened</th>
              <th>Patient</th>
              <th>Rule</th>
              <th>Priority</th>
              <th>State</th>
              <th>Acknowledged</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((a) => (
              <Fragment key={a.id}>
                <tr data-testid={`history-row-${a.id}`} data-state={a.state} data-severity={a.severity}>
                  <td>{formatDateTime(a.openedAt, timeZone)}</td>
                  <td>
                    {patientName(a.patientId)}
                    {a.bed ? ` · bed ${a.bed}` : ''}
                  </td>
                  <td>{ruleLabel(a.rule)}</td>
                  <td>
                    <span className={`sev-chip sev-chip--${a.severity}`}>{a.severity}</span>
                  </td>
                  <td>{stateLabels[a.state] ?? a.state}</td>
                  <td>{a.acknowledgedAt ? `${formatDateTime(a.acknowledgedAt, timeZone)} by ${personName(a.acknowledgedBy)}` : '—'}</td>
                  <td>
                    {humanizeText(a.message, timeZone)}{' '}
                    <button type="button" className="link-button" data-testid={`history-trail-${a.id}`} aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? null : a.id)}>
                      {open === a.id ? 'Hide trail' : 'Audit trail'}
                    </button>
                  </td>
                </tr>
                {open === a.id && (
                  <tr>
                    <td colSpan={7}>
                      <AlertAuditTrail api={api} alertId={a.id} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {result && result.items.length === 0 && <p className="panel__empty">No alert matches these filters.</p>}
      <nav className="history__pager" aria-label="Pages">
        <button type="button" className="button" data-testid="history-prev" disabled={page <= 1 || loading} onClick={() => setPage((p) => p - 1)}>
          ← Newer
        </button>
        <button type="button" className="button" data-testid="history-next" disabled={!result || page >= pages || loading} onClick={() => setPage((p) => p + 1)}>
          Older →
        </button>
      </nav>
    </main>
  );
}
