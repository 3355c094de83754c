import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api.client';
import type { Observations } from '../api/api.types';
import { rangeWindow, type TrendRange } from './trend-range';

export interface ObservationsState {
  data: Observations | null;
  window: { from: number; to: number };
  loading: boolean;
  error: string | null;
}

/** Loads the trend window and reloads it every `refreshMs` so the charts follow the patient. */
export function useObservations(api: ApiClient, patientId: string, range: TrendRange, refreshMs = 30_000): ObservationsState {
  const [state, setState] = useState<ObservationsState>(() => ({ data: null, window: rangeWindow(range, Date.now()), loading: true, error: null }));
  useEffect(() => {
    let cancelled = false;
    const load = (first: boolean) => {
      const window = rangeWindow(range, Date.now());
      // Only a new window shows "loading"; the periodic refresh swaps data in quietly.
      if (first) setState((s) => ({ ...s, data: null, window, loading: true }));
      api
        .observations(patientId, new Date(window.from).toISOString(), new Date(window.to).toISOString())
        .then((data) => !cancelled && setState({ data, window, loading: false, error: null }))
        .catch((e: Error) => !cancelled && setState((s) => ({ ...s, loading: false, error: e.message })));
    };
    load(true);
    const id = setInterval(() => load(false), refreshMs);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [api, patientId, range, refreshMs]);
  return state;
}
