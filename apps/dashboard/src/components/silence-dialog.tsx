import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorCodes, silenceMaxMinutes, type Alert, type SessionUser, type SilenceChange, type SilenceKind, type SilenceRequest } from '@vigil/contracts';
import { isApiError } from '../api/api.error';
import { canShelve } from '../session/permissions';
import { ruleLabel } from './rule-labels';

const durations: Record<SilenceKind, number[]> = { silence: [5, 10, 15, 30, 60], shelve: [30, 60, 120, 240, 480] };

export interface SilenceDialogProps {
  alert: Alert;
  user: SessionUser;
  submit(alertId: string, body: SilenceRequest): Promise<SilenceChange>;
  onDone(change: SilenceChange): void;
  onClose(): void;
}

function errorText(e: unknown): string {
  if (!isApiError(e)) return (e as Error)?.message ?? 'Could not silence the alert.';
  if (e.errors.length > 0) return e.errors.map((f) => `${f.path}: ${f.message}`).join('; ');
  if (e.code === ErrorCodes.AlertResolved) return 'The alert has resolved meanwhile; there is nothing to silence.';
  return e.message;
}

const durationLabel = (m: number) => (m < 60 ? `${m} min` : `${m / 60} h`);

/** Silence (stays in the queue, no sound) or shelve (leaves the queue; physicians) with a reason and an expiry. */
export function SilenceDialog({ alert, user, submit, onDone, onClose }: SilenceDialogProps) {
  const shelveAllowed = canShelve(user).allowed;
  const [kind, setKind] = useState<SilenceKind>('silence');
  const [minutes, setMinutes] = useState(15);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  const chooseKind = (k: SilenceKind) => {
    setKind(k);
    if (minutes > silenceMaxMinutes[k] || !durations[k].includes(minutes)) setMinutes(durations[k][k === 'silence' ? 2 : 1]);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await submit(alert.id, { kind, minutes, reason }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="silence-title" data-testid="silence-dialog">
        <h2 id="silence-title">Silence: {ruleLabel(alert.rule)}</h2>
        <p className="dialog__message">
          <span className={`sev-chip sev-chip--${alert.severity}`}>{alert.severity}</span> {alert.message}
        </p>
        <form onSubmit={onSubmit} noValidate>
          <fieldset className="field field--choices">
            <legend>What</legend>
            <label>
              <input type="radio" name="silence-kind" data-testid="silence-kind-silence" checked={kind === 'silence'} onChange={() => chooseKind('silence')} /> Silence — stays in the queue, no sound
            </label>
            <label title={shelveAllowed ? undefined : 'Only a physician can shelve an alert.'}>
              <input type="radio" name="silence-kind" data-testid="silence-kind-shelve" checked={kind === 'shelve'} disabled={!shelveAllowed} onChange={() => chooseKind('shelve')} /> Shelve — out of the queue until it expires{shelveAllowed ? '' : ' (physicians only)'}
            </label>
          </fieldset>
          <label className="field">
            <span>For</span>
            <select data-testid="silence-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {durations[kind].map((m) => (
                <option key={m} value={m}>
                  {durationLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Reason (everyone on the ward sees it)</span>
            <textarea ref={reasonRef} data-testid="silence-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <p className="dialog__reason">A rise in severity ends it at once; when it expires and the alert is still active, it sounds again.</p>
          {error && (
            <p className="dialog__error" role="alert" data-testid="silence-error">
              {error}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" data-testid="silence-submit" disabled={busy}>
              {busy ? 'Saving…' : kind === 'shelve' ? 'Shelve' : 'Silence'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
