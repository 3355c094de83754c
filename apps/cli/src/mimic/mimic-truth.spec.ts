import { mimicTruth } from './mimic-truth';

const VITALS = 'subject_id,hadm_id,icustay_id,charttime,storetime,itemid,label,value,valuenum,valueuom,error,warning\n';
const OUTPUTS = 'row_id,subject_id,hadm_id,icustay_id,charttime,itemid,label,value,valueuom,storetime,cgid,stopped,newbottle,iserror\n';
const map = (stay: string, time: string, v: number, item = '220052', error = '') => `1,1,${stay},${time},,${item},MAP,${v},${v},mmHg,${error},\n`;
const uo = (stay: string, time: string, ml: number) => `1,1,1,${stay},${time},40055,Urine,${ml},ml,,,,,\n`;

describe('MIMIC truth from the charted values (independent of the engine)', () => {
  it('sustained hypotension: ≥2 consecutive MAP < 65, any route, broken by a normal reading or a gap over 4 h', () => {
    const vitals =
      VITALS +
      map('A', '2100-01-01 00:00:00', 60) +
      map('A', '2100-01-01 01:00:00', 62, '456') + // NIBP counts (any route)
      map('A', '2100-01-01 02:00:00', 70) +
      map('A', '2100-01-01 03:00:00', 61) + // single low reading: no episode
      map('A', '2100-01-01 04:00:00', 80) +
      map('A', '2100-01-01 05:00:00', 10) + // not a reading (< 20)
      map('B', '2100-01-01 00:00:00', 60) +
      map('B', '2100-01-01 05:00:00', 60) + // 5 h later: not consecutive within 4 h
      map('C', '2100-01-01 00:00:00', 60) +
      map('C', '2100-01-01 00:00:00', 90, '456') + // the lowest MAP of a chart time counts
      map('C', '2100-01-01 01:00:00', 64, '220052', '1') + // error-flagged: not a reading
      map('C', '2100-01-01 02:00:00', 63);
    const t = mimicTruth({ vitals, outputs: OUTPUTS });
    expect(t.hypotension.map((e) => [e.stay, new Date(e.confirmedAt).toISOString().slice(11, 16), e.charts])).toEqual([
      ['A', '01:00', 2],
      ['C', '02:00', 2],
    ]);
    expect(t.hypotensionAnyGap.map((e) => e.stay).sort()).toEqual(['A', 'B', 'C']);
  });

  it('KDIGO oliguria: < 210 mL in the 6 h before a urine chart, only where urine was charted throughout', () => {
    let outputs = OUTPUTS;
    for (let h = 0; h <= 9; h++) outputs += uo('S', `2100-01-01 ${String(h).padStart(2, '0')}:00:00`, h < 4 ? 60 : 20);
    // Another stay with a 4-h hole: never counted.
    outputs += uo('T', '2100-01-01 00:00:00', 5) + uo('T', '2100-01-01 04:00:00', 5) + uo('T', '2100-01-01 08:00:00', 5);
    const eps = mimicTruth({ vitals: VITALS, outputs }).oliguria;
    expect(eps.map((e) => [e.stay, new Date(e.start).toISOString().slice(11, 16), new Date(e.end).toISOString().slice(11, 16)])).toEqual([['S', '07:00', '09:00']]); // at 07:00: 60 + 60 + 4 × 20 = 200 mL in (01:00, 07:00]
  });
});
