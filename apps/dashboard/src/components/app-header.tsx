import type { ReactNode } from 'react';
import type { SessionUser } from '@vigil/contracts';

export function AppHeader({ user, children, onLogout }: { user: SessionUser; children: ReactNode; onLogout(): void }) {
  return (
    <header className="app-header">
      <span className="app-header__brand">Vigil</span>
      <div className="app-header__middle">{children}</div>
      <span className="app-header__user" data-testid="current-user" data-role={user.role}>
        {user.displayName} <small>({user.role})</small>
      </span>
      <button type="button" className="button" onClick={onLogout} data-testid="logout">
        Sign out
      </button>
    </header>
  );
}
