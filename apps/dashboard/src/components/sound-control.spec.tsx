import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { SoundControl } from './sound-control';
import { muteFor, notMuted } from '../sound/mute';

const now = 5_000_000;

describe('SoundControl', () => {
  it('shows the blocked notice and unlocks on click', () => {
    const onUnlock = vi.fn();
    render(<SoundControl availability="blocked" mute={notMuted} now={now} onUnlock={onUnlock} onMute={vi.fn()} onUnmute={vi.fn()} />);
    const notice = screen.getByTestId('sound-blocked');
    expect(notice.textContent).toContain('Sound is blocked — click to enable');
    fireEvent.click(notice);
    expect(onUnlock).toHaveBeenCalled();
  });

  it('has no blocked notice when sound is ready', () => {
    render(<SoundControl availability="ready" mute={notMuted} now={now} onUnlock={vi.fn()} onMute={vi.fn()} onUnmute={vi.fn()} />);
    expect(screen.queryByTestId('sound-blocked')).toBeNull();
  });

  it('mutes for a chosen number of minutes and shows the time left', () => {
    const onMute = vi.fn();
    const { rerender } = render(<SoundControl availability="ready" mute={notMuted} now={now} onUnlock={vi.fn()} onMute={onMute} onUnmute={vi.fn()} />);
    fireEvent.click(screen.getByTestId('sound-mute-5'));
    expect(onMute).toHaveBeenCalledWith(5);
    rerender(<SoundControl availability="ready" mute={muteFor(5, now)} now={now + 60_000} onUnlock={vi.fn()} onMute={onMute} onUnmute={vi.fn()} />);
    expect(screen.getByTestId('sound-unmute').textContent).toContain('4 min left');
    rerender(<SoundControl availability="ready" mute={muteFor(5, now)} now={now + 5 * 60_000} onUnlock={vi.fn()} onMute={onMute} onUnmute={vi.fn()} />);
    expect(screen.queryByTestId('sound-unmute')).toBeNull();
  });
});
