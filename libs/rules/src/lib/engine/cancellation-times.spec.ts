import type { ClinicalEvent } from '@vigil/contracts';
import { RulesEngine } from '../rules-engine';

/**
 * §10: an alert that late or corrected data no longer show is `cancelled` when those data arrive
 * (`at`, `recordedAt`), and its `effectiveAt` is the time the data describe, so the dashboard's
 * "charted late" note says when it happened and how much later it was recorded.
 */
const iso = (hhmm: string) => `2026-11-26T${hhmm}:00.000Z`;
const temp = (value: number, id = 't1'): ClinicalEvent => ({ id, patientId: 'P1', time: iso('08:00'), type: 'vitals', method: 'nibp', temp: value }) as ClinicalEvent;

describe('a cancellation carries the time of the data that cancelled it', () => {
  it('a corrected temperature cancels its recheck prompt: effectiveAt is the reading, recordedAt the correction', () => {
    const engine = new RulesEngine();
    engine.process({ id: 'admit', patientId: 'P1', time: iso('07:00'), type: 'admit', wardId: 'W1', bed: '1', weightKg: 70 } as ClinicalEvent);
    const raised = engine.process(temp(39.3));
    expect(raised.map((t) => [t.type, t.alert.rule])).toEqual([['raised', 'fever']]);
    engine.tick(iso('08:40'));
    // Mis-keyed: the nurse corrects the reading (same id, new value) 40 min later.
    const out = engine.process(temp(37.0));
    expect(out.map((t) => t.type)).toEqual(['cancelled']);
    expect(out[0].alert.id).toBe(raised[0].alert.id);
    expect(out[0]).toMatchObject({ at: iso('08:40'), effectiveAt: iso('08:00'), recordedAt: iso('08:40') });
    expect(out[0].alert).toMatchObject({ state: 'cancelled', resolvedAt: iso('08:40') });
  });
});
