import type { AcknowledgeRequest, Alert, AlertHistoryPage, AlertState, LoginResponse, PatientThresholds, SilenceChange, SilenceRequest } from '@vigil/contracts';
import { ApiError } from './api.error';
import type { AlertDetail, Disposition, Observations, StaffMember, WardPatient, WardSummary } from './api.types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Prefix for every path; '' means same origin. */
  baseUrl?: string;
  token?: string | null;
  fetch?: FetchLike;
  /** Called on any 401 so the app can drop an expired session. */
  onUnauthorized?: () => void;
}

export interface AlertQuery {
  wardId?: string;
  patientId?: string;
  state?: AlertState | AlertState[];
}

/** Filters of the alert history (comma-separated lists where several values are allowed). */
export interface AlertHistoryFilters {
  wardId?: string;
  patientId?: string;
  rule?: string;
  severity?: string;
  state?: string;
  from?: string;
  to?: string;
  q?: string;
}

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Typed client for the ingest REST API. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  withToken(token: string | null): ApiClient {
    return new ApiClient({ ...this.options, token });
  }

  login(username: string, password: string): Promise<LoginResponse> {
    return this.request<LoginResponse>('POST', '/api/auth/login', { username, password }, false);
  }

  /** Ends the session on the server: the token stops working everywhere. */
  logout(): Promise<{ ok: boolean }> {
    return this.request('POST', '/api/auth/logout', {}, true);
  }

  wards(): Promise<WardSummary[]> {
    return this.request('GET', '/api/wards');
  }

  wardStaff(wardId: string): Promise<StaffMember[]> {
    return this.request('GET', `/api/wards/${encodeURIComponent(wardId)}/staff`);
  }

  wardPatients(wardId: string): Promise<WardPatient[]> {
    return this.request('GET', `/api/wards/${encodeURIComponent(wardId)}/patients`);
  }

  alerts(q: AlertQuery): Promise<Alert[]> {
    const state = Array.isArray(q.state) ? q.state.join(',') : q.state;
    return this.request('GET', `/api/alerts${query({ wardId: q.wardId, patientId: q.patientId, state })}`);
  }

  alert(id: string): Promise<AlertDetail> {
    return this.request('GET', `/api/alerts/${encodeURIComponent(id)}`);
  }

  acknowledge(id: string, note: string, disposition: Disposition): Promise<Alert> {
    const body: AcknowledgeRequest = { note: note.trim() || undefined, disposition };
    return this.request('POST', `/api/alerts/${encodeURIComponent(id)}/acknowledge`, body);
  }

  /** Silence (nurse or physician) or shelve (physician) one alert, with a reason and an expiry. */
  silence(id: string, body: SilenceRequest): Promise<SilenceChange> {
    return this.request('POST', `/api/alerts/${encodeURIComponent(id)}/silence`, body);
  }

  liftSilence(id: string): Promise<SilenceChange> {
    return this.request('DELETE', `/api/alerts/${encodeURIComponent(id)}/silence`);
  }

  alertHistory(f: AlertHistoryFilters & { page?: number; pageSize?: number }): Promise<AlertHistoryPage> {
    return this.request('GET', `/api/alert-history${query({ ...f, page: f.page?.toString(), pageSize: f.pageSize?.toString() })}`);
  }

  /** The filtered history as CSV (the server escapes it and defuses formulas), with the file name it suggests. */
  async alertHistoryCsv(f: AlertHistoryFilters): Promise<{ filename: string; blob: Blob }> {
    const headers: Record<string, string> = { Accept: 'text/csv' };
    if (this.options.token) headers['Authorization'] = `Bearer ${this.options.token}`;
    const path = `/api/alert-history/export.csv${query({ ...f })}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, { method: 'GET', headers });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `The server cannot be reached (${(e as Error).message})`);
    }
    if (!res.ok) {
      if (res.status === 401) this.options.onUnauthorized?.();
      const err = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      throw new ApiError(res.status, err.code ?? `HTTP.${res.status}`, err.message ?? `export failed with ${res.status}`);
    }
    const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'vigil-alerts.csv';
    return { filename, blob: await res.blob() };
  }

  thresholds(patientId: string): Promise<PatientThresholds> {
    return this.request('GET', `/api/patients/${encodeURIComponent(patientId)}/thresholds`);
  }

  /** A physician or admin changes the ward's or the patient's thresholds, with a reason (audited, versioned). */
  changeThresholds(scope: 'ward' | 'patient', id: string, values: Record<string, number>, reason: string): Promise<{ version: number }> {
    return this.request('POST', `/api/${scope === 'ward' ? 'wards' : 'patients'}/${encodeURIComponent(id)}/thresholds`, { values, reason });
  }

  observations(patientId: string, from?: string, to?: string): Promise<Observations> {
    return this.request('GET', `/api/patients/${encodeURIComponent(patientId)}/observations${query({ from, to })}`);
  }

  private async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, authed = true): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authed && this.options.token) headers['Authorization'] = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `The server cannot be reached (${(e as Error).message})`);
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!res.ok) {
      if (res.status === 401 && authed) this.options.onUnauthorized?.();
      const err = (json ?? {}) as { code?: string; message?: string; errors?: { path: string; message: string }[] };
      throw new ApiError(res.status, err.code ?? `HTTP.${res.status}`, err.message ?? `${method} ${path} failed with ${res.status}`, Array.isArray(err.errors) ? err.errors : []);
    }
    return json as T;
  }
}
