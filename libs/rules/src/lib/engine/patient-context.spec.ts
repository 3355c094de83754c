import { PatientContext, type AlertView } from './patient-context';
import { defaultThresholds } from '../threshold-set';
import { evt, T0 } from '../../testing/event-builders';

const noAlerts: AlertView = { isOpen: () => false, severity: () => null, isPrompt: () => false, acknowledgedAt: () => null, onsetOf: () => null };
const ms = (min: number) => T0 + min * 60_000;

describe('PatientContext latest values', () => {
  it("takes a rhythm event's HR only when it is not older than the latest HR", () => {
    const ctx = new PatientContext('P1', defaultThresholds(), noAlerts);
    ctx.observe(evt('vitals', 10, { hr: 80 }), ms(10));
    ctx.observe(evt('rhythm', 5, { rhythm: 'af', hr: 150 }), ms(5));
    expect(ctx.latest.hr).toMatchObject({ value: 80, at: ms(10) });
    expect(ctx.rhythm).toMatchObject({ label: 'af', at: ms(5) });
    ctx.observe(evt('rhythm', 12, { rhythm: 'af', hr: 140 }), ms(12));
    expect(ctx.latest.hr).toMatchObject({ value: 140, at: ms(12) });
  });

  it('keeps the newest of each vital when readings arrive out of order', () => {
    const ctx = new PatientContext('P1', defaultThresholds(), noAlerts);
    ctx.observe(evt('vitals', 10, { sbp: 100, spo2: 95 }), ms(10));
    ctx.observe(evt('vitals', 8, { sbp: 80 }), ms(8));
    ctx.observe(evt('vitals', 11, { spo2: 90 }), ms(11));
    expect(ctx.latest.sbp).toMatchObject({ value: 100, at: ms(10) });
    expect(ctx.latest.spo2).toMatchObject({ value: 90, at: ms(11) });
  });
});
