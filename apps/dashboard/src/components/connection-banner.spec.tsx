import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ConnectionBanner } from './connection-banner';

describe('ConnectionBanner', () => {
  const last = Date.parse('2026-11-26T10:00:00Z');

  it.each([
    ['connected', 'Live'],
    ['reconnecting', 'Reconnecting'],
    ['offline', 'Offline'],
  ] as const)('shows %s', (status, text) => {
    render(<ConnectionBanner info={{ status, lastUpdateAt: last, detail: 'xhr poll error' }} now={last + 42_000} />);
    const banner = screen.getByTestId('connection-banner');
    expect(banner.getAttribute('data-status')).toBe(status);
    expect(banner.textContent).toContain(text);
    expect(banner.textContent).toContain('42 s ago');
    // socket.io's words never reach the screen; what they mean does.
    expect(banner.textContent).not.toContain('xhr poll error');
    expect(banner.textContent?.includes('Cannot reach the Vigil server')).toBe(status !== 'connected');
  });

  it('says never before the first update', () => {
    render(<ConnectionBanner info={{ status: 'reconnecting', lastUpdateAt: null, detail: null }} now={last} />);
    expect(screen.getByTestId('connection-banner').textContent).toContain('Last update never');
  });
});
