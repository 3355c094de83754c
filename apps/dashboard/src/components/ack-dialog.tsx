import { usePersonName } from '../app/people';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorCodes, type Alert, type SessionUser } from '@vigil/contracts';
import { dispositionLabels, dispositions, type Disposition } from '../api/api.types';
import { isApiError } from '../api/api.error';
import { canAcknowledge } from '../session/permissions';
import { ruleLabel } from './rule-labels';

export interface AckDialogProps {
  alert: Alert;
  user: SessionUser;
  submit(alertId: string, note: string, disposition: Disposition): Promise<Alert>;
  onDone(updated: Alert): void;
  onClose(): void;
}

function errorText(e: unknown): string {
  if (!isApiError(e)) return (e as Error)?.message ?? 'Acknowledge failed.';
  if (e.code === ErrorCodes.AuthForbidden) return 'Only a physician can acknowledge this alert.';
  if (e.code === ErrorCodes.AlertAlreadyAcknowledged) return `Already acknowledged: ${e.message}`;
  if (e.code === ErrorCodes.AlertResolved) return 'The alert has resolved meanwhile; there is nothing to acknowledge.';
  return e.message;
}

/** Acknowledge with a note and the decision taken (physicians only). */
export function AckDialog({ alert, user, submit, onDone, onClose }: AckDialogProps) {
  const permission = canAcknowledge(user);
  const personName = usePersonName();
  const [note, setNote] = useState('');
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    // A nurse's dialog has every field disabled: focus Cancel so Escape and Enter still work.
    (noteRef.current && !noteRef.current.disabled ? noteRef.current : dialogRef.current?.querySelector<HTMLElement>('button'))?.focus();
    return () => (opener.current as HTMLElement | null)?.focus?.();
  }, []);

  // The dialog follows the live alert: if someone else acknowledges it or it resolves, say so.
  const stillOpen = alert.state === 'active' || alert.state === 'pending';
  const canSubmit = permission.allowed && stillOpen && disposition !== '' && !busy;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!permission.allowed || !stillOpen || busy || disposition === '') return;
    setBusy(true);
    setError(null);
    try {
      const updated = await submit(alert.id, note, disposition);
      onDone(updated);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    // Keep Tab inside the modal dialog.
    if (e.key === 'Tab' && dialogRef.current) {
      const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>('button, select, textarea, input')].filter((el) => !(el as HTMLButtonElement).disabled);
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div ref={dialogRef} className="dialog" role="dialog" aria-modal="true" aria-labelledby="ack-title" data-testid="ack-dialog">
        <h2 id="ack-title">Acknowledge: {ruleLabel(alert.rule)}</h2>
        <p className="dialog__message">
          <span className={`sev-chip sev-chip--${alert.severity}`}>{alert.severity}</span> {alert.message}
        </p>
        <form onSubmit={onSubmit}>
          <label className="field">
            <span>Decision</span>
            <select data-testid="ack-disposition" value={disposition} onChange={(e) => setDisposition(e.target.value as Disposition | '')} disabled={!permission.allowed || busy} required>
              <option value="">Choose…</option>
              {dispositions.map((d) => (
                <option key={d} value={d}>
                  {dispositionLabels[d]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Note</span>
            <textarea ref={noteRef} data-testid="ack-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} disabled={!permission.allowed || busy} />
          </label>
          {!permission.allowed && (
            <p className="dialog__reason" role="note">
              {permission.reason}
            </p>
          )}
          {!stillOpen && !busy && (
            <p className="dialog__reason" role="alert" data-testid="ack-overtaken">
              {alert.state === 'resolved' || alert.state === 'cancelled' ? `This alert has ${alert.state} meanwhile.` : `Already acknowledged by ${alert.acknowledgedBy ? personName(alert.acknowledgedBy) : 'someone else'}.`}
            </p>
          )}
          {error && (
            <p className="dialog__error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" data-testid="ack-submit" disabled={!canSubmit}>
              {busy ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
