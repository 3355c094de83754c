import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { AckDialog } from './ack-dialog';
import { ApiError } from '../api/api.error';
import { anAlert, nurse, physician } from '../testing/builders';

const alert = anAlert({ id: 'A1' });

describe('AckDialog', () => {
  it('is disabled for a nurse, with the reason, and never submits', () => {
    const submit = vi.fn();
    render(<AckDialog alert={alert} user={nurse} submit={submit} onDone={() => undefined} onClose={() => undefined} />);
    expect((screen.getByTestId('ack-submit') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('ack-note') as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByTestId('ack-disposition') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByRole('note').textContent).toContain('Only a physician can acknowledge');
    const form = screen.getByTestId('ack-submit').closest('form');
    expect(form).not.toBeNull();
    if (form) fireEvent.submit(form);
    expect(submit).not.toHaveBeenCalled();
  });

  it('needs a decision before a physician can submit, then sends note and disposition', async () => {
    const updated = { ...alert, state: 'acknowledged' as const };
    const submit = vi.fn(async () => updated);
    const onDone = vi.fn();
    render(<AckDialog alert={alert} user={physician} submit={submit} onDone={onDone} onClose={() => undefined} />);
    const button = screen.getByTestId('ack-submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('ack-note'), { target: { value: 'hold dose 5' } });
    fireEvent.change(screen.getByTestId('ack-disposition'), { target: { value: 'dose-held' } });
    expect(button.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(button);
    });
    expect(submit).toHaveBeenCalledWith('A1', 'hold dose 5', 'dose-held');
    expect(onDone).toHaveBeenCalledWith(updated);
  });

  it('shows a conflict (someone else acknowledged first) and stays open', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError(409, 'ALERT.ALREADY_ACKNOWLEDGED', 'already acknowledged by dr-b');
    });
    const onDone = vi.fn();
    render(<AckDialog alert={alert} user={physician} submit={submit} onDone={onDone} onClose={() => undefined} />);
    fireEvent.change(screen.getByTestId('ack-disposition'), { target: { value: 'other' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('ack-submit'));
    });
    expect(screen.getByRole('alert').textContent).toContain('already acknowledged by dr-b');
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByTestId('ack-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('focuses the note for a physician and Cancel for a nurse', () => {
    const { unmount } = render(<AckDialog alert={alert} user={physician} submit={vi.fn()} onDone={() => undefined} onClose={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByTestId('ack-note'));
    unmount();
    render(<AckDialog alert={alert} user={nurse} submit={vi.fn()} onDone={() => undefined} onClose={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });

  it('keeps Tab inside the dialog', () => {
    render(<AckDialog alert={alert} user={physician} submit={vi.fn()} onDone={() => undefined} onClose={() => undefined} />);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    // Submit is disabled until a decision is chosen, so Cancel is the last focusable element.
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('ack-disposition'));
    fireEvent.keyDown(screen.getByTestId('ack-disposition'), { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('says so and blocks submit when someone else acknowledged the alert meanwhile', () => {
    const submit = vi.fn();
    const { rerender } = render(<AckDialog alert={alert} user={physician} submit={submit} onDone={() => undefined} onClose={() => undefined} />);
    fireEvent.change(screen.getByTestId('ack-disposition'), { target: { value: 'other' } });
    expect((screen.getByTestId('ack-submit') as HTMLButtonElement).disabled).toBe(false);
    rerender(<AckDialog alert={{ ...alert, state: 'acknowledged', acknowledgedBy: 'dr-b' }} user={physician} submit={submit} onDone={() => undefined} onClose={() => undefined} />);
    expect(screen.getByTestId('ack-overtaken').textContent).toBe('Already acknowledged by dr-b.');
    expect((screen.getByTestId('ack-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('closes on Escape and on Cancel', () => {
    const onClose = vi.fn();
    render(<AckDialog alert={alert} user={physician} submit={vi.fn()} onDone={() => undefined} onClose={onClose} />);
    fireEvent.keyDown(screen.getByTestId('ack-note'), { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
