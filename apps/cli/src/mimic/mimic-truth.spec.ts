import { mimicTruth } from './mimic-truth';

const VITALS = 'subject_id,hadm_id,icustay_id,charttime,storetime,itemid,label,value,valuenum,valueuom,error,warning\n';
const OUTPUTS = 'row_id,subject_id,hadm_id,icustay_id,charttime,itemid,label,value,valueuom,storetime,cgid,stopped,newbottle,iserror\n';
const map = (stay: string, time: string, v: number, item = '220052', error = '') => `1,1,${stay},${time},,${item},MAP,${v},${v},mmHg,${error},\n`;
const vital = (item: string, label: string) => (stay: string, time: string, v: number | string) =>
  typeof v === 'number' ? `1,1,${stay},${time},,${item},${label},${v},${v},,,\n` : `1,1,${stay},${time},,${item},${label},${v},,,,\n`;
const sbp = vital('220179', 'NIBP sys');
const tempF = vital('223761', 'Temp F');
const tempC = vital('676', 'Temp C');
const spo2 = vital('220277', 'SpO2');
const hr = vital('220045', 'HR');
const rhythm = vital('220048', 'Rhythm');
const at = (h: number, m = 0) => `2100-01-01 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
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

  it('fever: ≥ 38.0 °C (°F converted, the highest of a time) on 2 consecutive readings, MEDIUM (no dose); resolve < 38.0 °C for 4 h', () => {
    const vitals =
      VITALS +
      tempC('F', at(0), 38.2) +
      tempF('F', at(1), 100.6) + // 38.1 °C
      tempC('F', at(2), 37.0) +
      tempC('F', at(5), 37.2) + // < 38 for 3 h only: no resolve
      tempC('F', at(6), 38.5) +
      tempC('F', at(6), 36.0) + // the highest of a time counts
      tempC('F', at(7), 38.1) +
      tempC('F', at(8), 37.0) +
      tempC('F', at(12), 37.1) + // < 38 from 08:00 to 12:00: resolved at 12:00
      tempC('F', at(13), 38.3) +
      tempC('F', at(14), 20) + // artefact (< 30 °C): not a reading
      tempC('F', at(15), 38.4);
    const f = mimicTruth({ vitals, outputs: OUTPUTS }).rules.fever;
    expect(f.mediumPlus.map((e) => [hhmm(e.start), hhmm(e.confirmedAt)])).toEqual([['00:00', '01:00'], ['06:00', '07:00'], ['13:00', '15:00']]);
    expect(f.anyBand).toEqual(f.mediumPlus);
    expect((f.resolves.get('F') ?? []).map(hhmm)).toEqual(['12:00']);
  });

  it('hypoxia: SpO2 < 90 on 2 readings (90 is neither low nor normal); resolve > 90 for 10 min', () => {
    const vitals = VITALS + spo2('H', at(0), 88) + spo2('H', at(0, 30), 90) + spo2('H', at(1), 87) + spo2('H', at(2), 86) + spo2('H', at(3), 95) + spo2('H', at(3, 5), 90) + spo2('H', at(3, 10), 96) + spo2('H', at(3, 20), 97) + spo2('H', at(4), 40);
    const h = mimicTruth({ vitals, outputs: OUTPUTS }).rules.hypoxia;
    expect(h.mediumPlus.map((e) => [hhmm(e.start), hhmm(e.end), e.charts])).toEqual([['01:00', '02:00', 2]]);
    expect((h.resolves.get('H') ?? []).map(hhmm)).toEqual(['03:20']) // 90 at 03:05 breaks the run that began at 03:00;
  });

  it('tachycardia: any band from HR ≥ 100, MEDIUM+ (HIGH) from HR > 130 on 2 readings; resolve HR < 100 for 15 min', () => {
    const vitals = VITALS + hr('T', at(0), 105) + hr('T', at(1), 135) + hr('T', at(2), 140) + hr('T', at(3), 120) + hr('T', at(4), 131) + hr('T', at(5), 95) + hr('T', at(5, 10), 90) + hr('T', at(5, 20), 92);
    const t = mimicTruth({ vitals, outputs: OUTPUTS }).rules.tachycardia;
    expect((t.anyBand ?? []).map((e) => [hhmm(e.start), hhmm(e.end)])).toEqual([['00:00', '04:00']]);
    expect(t.mediumPlus.map((e) => [hhmm(e.start), hhmm(e.end)])).toEqual([['01:00', '02:00']]); // 04:00 alone after 120
    expect((t.resolves.get('T') ?? []).map(hhmm)).toEqual(['05:20']);
  });

  it('AF: AF, flutter or SVT on 2 consecutive rhythm charts (HIGH); resolve sinus for 30 min, with a 60-min quiet period', () => {
    const vitals =
      VITALS +
      rhythm('R', at(0), 'Atrial Fib') +
      rhythm('R', at(1), 'A Flut (Atrial Flutter)') +
      rhythm('R', at(2), 'SR (Sinus Rhythm)') +
      rhythm('R', at(2, 40), 'Sinus Brady') + // sinus for 40 min: resolved at 02:40
      rhythm('R', at(3), 'AF (Atrial Fibrillation)') +
      rhythm('R', at(3), 'SR (Sinus Rhythm)') + // AF wins at a time
      rhythm('R', at(4), 'Atrial Fib') +
      rhythm('R', at(5), 'V Paced') +
      rhythm('R', at(6), 'Atrial Fib'); // a single chart: not an episode
    const a = mimicTruth({ vitals, outputs: OUTPUTS }).rules.af_rhythm;
    expect(a.mediumPlus.map((e) => [hhmm(e.start), hhmm(e.end)])).toEqual([['00:00', '01:00'], ['03:00', '04:00']]);
    expect((a.resolves.get('R') ?? []).map(hhmm)).toEqual(['02:40']);
    expect(a.quietMs).toBe(3_600_000);
  });

  it('hypotension: any band is MAP < 65 or SBP < 90 (SBP < 70 alone); resolve needs MAP ≥ 65 and SBP ≥ 90 charted, 15 min apart', () => {
    const vitals =
      VITALS +
      sbp('P', at(0), 85) +
      map('P', at(0), 70) +
      sbp('P', at(1), 88) + // C1 on 2 readings: any band, no MAP episode
      sbp('P', at(2), 100) +
      map('P', at(2), 70) +
      map('P', at(2, 10), 75) + // MAP without SBP: breaks the normal run
      sbp('P', at(2, 20), 110) +
      map('P', at(2, 20), 80) +
      sbp('P', at(2, 40), 105) +
      map('P', at(2, 40), 72) + // normal from 02:20 to 02:40: resolved
      sbp('P', at(3), 65); // SBP < 70: confirms alone
    const h = mimicTruth({ vitals, outputs: OUTPUTS }).rules.hypotension;
    expect((h.anyBand ?? []).map((e) => [hhmm(e.start), hhmm(e.confirmedAt)])).toEqual([['00:00', '01:00'], ['03:00', '03:00']]);
    expect(h.mediumPlus).toEqual([]);
    expect((h.resolves.get('P') ?? []).map(hhmm)).toEqual(['02:40']);
  });

  it('creatinine: a result ≥ 2.5 mg/dL collected inside the ICU stay (same admission) is MEDIUM+; any band adds a rise ≥ 0.3 within 48 h (K1); no resolve claimed', () => {
    const icustays =
      'row_id,subject_id,hadm_id,icustay_id,intime,outtime\n1,1,H1,S1,2100-01-01 00:00:00,2100-01-03 00:00:00\n2,2,H3,S2,2100-01-01 00:00:00,2100-01-06 00:00:00\n';
    const lab = (hadm: string, time: string, v: string, item = '50912') => `1,1,${hadm},${item},${time},${v},${v},mg/dL,\n`;
    const labs =
      'row_id,subject_id,hadm_id,itemid,charttime,value,valuenum,valueuom,flag\n' +
      lab('H1', '2099-12-31 23:00:00', '3.0') + // before the stay
      lab('H1', '2100-01-01 06:00:00', '2.5') +
      lab('H1', '2100-01-01 12:00:00', '2.4') +
      lab('H1', '2100-01-02 06:00:00', '4.1') +
      lab('H2', '2100-01-02 06:00:00', '5.0') + // another admission
      lab('H1', '2100-01-02 07:00:00', '9.0', '50813') + // not creatinine
      lab('H3', '2100-01-01 00:00:00', '0.9') +
      lab('H3', '2100-01-01 12:00:00', '1.1') + // + 0.2: not K1
      lab('H3', '2100-01-02 00:00:00', '1.2') + // + 0.3 over 0.9, 24 h earlier: K1 (LOW)
      lab('H3', '2100-01-04 06:00:00', '1.6'); // + 0.4 over 1.2, but 54 h later: not K1
    const c = mimicTruth({ vitals: VITALS, outputs: OUTPUTS, labs, icustays }).rules.creatinine;
    const at = (e: { stay: string; start: number }) => [e.stay, new Date(e.start).toISOString().slice(0, 13)];
    expect(c.mediumPlus.map(at)).toEqual([['S1', '2100-01-01T06'], ['S1', '2100-01-02T06']]);
    expect((c.anyBand ?? []).map(at)).toEqual([['S1', '2100-01-01T06'], ['S1', '2100-01-02T06'], ['S2', '2100-01-02T00']]);
    expect(c.resolves.size).toBe(0);
  });

  it('oliguria resolves (§6.4 read strictly): 6 h at ≥ 0.5 mL/kg/h after the last qualifying chart, and every chart of the last 2 h at ≥ 20 mL/h', () => {
    // Hourly: 60 mL to 06:00, 20 mL 07:00–12:00, 50 mL from 13:00 with 10 mL at 21:00.
    let outputs = OUTPUTS;
    for (let h = 0; h <= 23; h++) outputs += uo('S', at(h), h <= 6 ? 60 : h <= 12 ? 20 : h === 21 ? 10 : 50);
    const t = mimicTruth({ vitals: VITALS, outputs });
    // Qualifying 10:00 (200 mL in (04:00, 10:00]) to 14:00 (180 mL); 15:00 has 210 mL.
    expect(t.oliguria.map((e) => [hhmm(e.start), hhmm(e.end)])).toEqual([['10:00', '14:00']]);
    // 08:00 is the first chart with 8 h charted behind it; 10:00–19:00 have a qualifying chart in the last 6 h;
    // 20:00: (14:00, 20:00] holds none and 300 mL; 21:00 and 22:00 have 10 mL/h in the last 2 h.
    expect((t.oliguriaResolves.get('S') ?? []).map(hhmm)).toEqual(['08:00', '09:00', '20:00', '23:00']);
  });

  it('DATA_GAP inputs: urine and vitals chart times (not the rhythm label, not error-flagged rows); the stay ends at its out-time or last chart', () => {
    const icustays = 'row_id,subject_id,hadm_id,icustay_id,intime,outtime\n1,1,H1,G,2100-01-01 00:00:00,2100-01-01 20:00:00\n2,1,H1,K,2100-01-01 00:00:00,2100-01-01 01:00:00\n';
    const vitals = VITALS + hr('G', at(1), 80) + rhythm('G', at(2), 'Normal Sinus') + map('G', at(3), 70, '220052', '1') + spo2('G', at(4), 20) + hr('K', at(5), 90);
    const outputs = OUTPUTS + uo('G', at(6), 30) + uo('G', at(6), 10) + uo('G', at(9), 0);
    const a = mimicTruth({ vitals, outputs, icustays }).arrivals;
    expect(a.get('G')).toEqual({ urine: [6, 9].map((h) => h * 3_600_000 + Date.parse('2100-01-01T00:00:00Z')), vitals: [1, 4].map((h) => h * 3_600_000 + Date.parse('2100-01-01T00:00:00Z')), end: Date.parse('2100-01-01T20:00:00Z') });
    expect(a.get('K')?.end).toBe(Date.parse('2100-01-01T05:00:00Z')); // charted after its out-time
  });
});
