import { describe, expect, it } from 'vitest';
import { allAlerts, applyTransitions, emptyAlertsState, mergeAlerts } from './alerts.store';
import { aTransition, anAlert } from '../testing/builders';

describe('applyTransitions', () => {
  const raised = anAlert({ id: 'A', state: 'active', updatedAt: '2026-11-26T10:00:00Z' });
  const acked = { ...raised, state: 'acknowledged' as const, updatedAt: '2026-11-26T10:05:00Z', acknowledgedBy: 'physician' };

  it('applies new transitions and advances the cursor', () => {
    const { state, applied } = applyTransitions(emptyAlertsState, [aTransition(5, 'raised', raised), aTransition(9, 'acknowledged', acked)]);
    expect(applied.map((t) => t.seq)).toEqual([5, 9]);
    expect(state.byId['A'].alert.state).toBe('acknowledged');
    expect(state.cursor).toBe(9);
  });

  it('drops a repeated seq (delivered twice around a resubscribe)', () => {
    const once = applyTransitions(emptyAlertsState, [aTransition(5, 'raised', raised)]).state;
    const twice = applyTransitions(once, [aTransition(5, 'raised', raised)]);
    expect(twice.applied).toEqual([]);
    expect(twice.state).toBe(once);
  });

  it('never moves an alert backwards when an older transition arrives late', () => {
    const s = applyTransitions(emptyAlertsState, [aTransition(9, 'acknowledged', acked)]).state;
    const late = applyTransitions(s, [aTransition(5, 'raised', raised)]);
    expect(late.applied).toEqual([]);
    expect(late.state.byId['A'].alert.state).toBe('acknowledged');
    expect(late.state.byId['A'].seq).toBe(9);
  });

  it('keeps other alerts untouched', () => {
    const other = anAlert({ id: 'B', severity: 'low' });
    const s = applyTransitions(emptyAlertsState, [aTransition(1, 'raised', other), aTransition(2, 'raised', raised)]).state;
    expect(allAlerts(s).map((a) => a.id).sort()).toEqual(['A', 'B']);
  });
});

describe('mergeAlerts', () => {
  const v1 = anAlert({ id: 'A', state: 'active', updatedAt: '2026-11-26T10:00:00Z' });
  const v2 = { ...v1, state: 'acknowledged' as const, updatedAt: '2026-11-26T10:05:00Z' };

  it('adds unknown alerts from a REST list without a seq', () => {
    const s = mergeAlerts(emptyAlertsState, [v1]);
    expect(s.byId['A']).toEqual({ alert: v1, seq: null });
    expect(s.cursor).toBe(0);
  });

  it('does not let an older REST version overwrite a live one', () => {
    const live = applyTransitions(emptyAlertsState, [aTransition(7, 'acknowledged', v2)]).state;
    const merged = mergeAlerts(live, [v1]);
    expect(merged.byId['A'].alert.state).toBe('acknowledged');
  });

  it('lets a transition replace a REST version that is not newer', () => {
    const rest = mergeAlerts(emptyAlertsState, [v1]);
    const r = applyTransitions(rest, [aTransition(3, 'acknowledged', v2)]);
    expect(r.applied).toHaveLength(1);
    expect(r.state.byId['A'].seq).toBe(3);
  });

  it('takes the ack snapshot as of its seq but keeps a live version with a higher seq', () => {
    const live = applyTransitions(emptyAlertsState, [aTransition(12, 'acknowledged', v2)]).state;
    const merged = mergeAlerts(live, [v1], 10);
    expect(merged.byId['A'].alert.state).toBe('acknowledged');
    expect(merged.cursor).toBe(12);
    const fresh = mergeAlerts(emptyAlertsState, [v1], 10);
    expect(fresh.byId['A'].seq).toBe(10);
    expect(fresh.cursor).toBe(10);
  });
});
