import { useCallback, useMemo, useState } from 'react';
import type { LoginResponse } from '@vigil/contracts';
import { ApiClient } from '../api/api.client';
import { isApiError } from '../api/api.error';
import { LoginForm } from '../components/login-form';
import { loadSession, saveSession } from '../session/session.storage';
import { apiBaseUrl } from './config';
import { WardScreen } from './ward-screen';

export function App() {
  const [session, setSession] = useState<LoginResponse | null>(() => loadSession());

  const logout = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);

  const api = useMemo(() => new ApiClient({ baseUrl: apiBaseUrl, token: session?.token ?? null, onUnauthorized: logout }), [session?.token, logout]);

  // Signing out ends the server-side session too (best effort: the local session goes regardless).
  const signOut = useCallback(() => {
    api.logout().catch(() => undefined);
    logout();
  }, [api, logout]);

  const login = useCallback(
    async (username: string, password: string) => {
      try {
        const s = await api.login(username, password);
        saveSession(s);
        setSession(s);
      } catch (e) {
        if (isApiError(e) && (e.status === 401 || e.status === 400)) throw new Error('Wrong username or password.', { cause: e });
        throw e;
      }
    },
    [api],
  );

  if (!session) return <LoginForm onLogin={login} />;
  return <WardScreen key={session.token} session={session} api={api} onLogout={signOut} />;
}
