import { parseClinicalEvent } from '@vigil/contracts';
import { parseCsv } from '@vigil/interop';
import { importMimic, mimicO2Device, mimicRhythm, mimicTime } from './mimic-import';
import { chartedEpisodes } from './mimic-validation';

// A small excerpt in the extract's own layout (rows adapted from the MIMIC-III demo, ODbL; see SOURCE.md).
const icustays = `row_id,subject_id,hadm_id,icustay_id,dbsource,first_careunit,last_careunit,first_wardid,last_wardid,intime,outtime,los
12742,10006,142345,206504,carevue,MICU,MICU,52,52,2164-10-23 21:10:15,2164-10-25 12:21:07,1.6325
12747,10011,105331,232110,carevue,MICU,MICU,15,15,2126-08-14 22:34:00,2126-08-28 18:59:00,13.8507
`;
const vitals = `subject_id,hadm_id,icustay_id,charttime,storetime,itemid,label,value,valuenum,valueuom,error,warning
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,211,Heart Rate,104,104,BPM,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,212,Heart Rhythm,Sinus Tachy,,,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,455,NBP [Systolic],88,88,mmHg,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,456,NBP Mean,61,61,mmHg,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,51,Arterial BP [Systolic],84,84,mmHg,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,52,Arterial BP Mean,58,58,mmHg,,
10006,142345,206504,2164-10-23 22:40:00,2164-10-23 22:50:00,678,Temperature F,100.4,100.4,?F,,
10006,142345,206504,2164-10-23 23:40:00,2164-10-23 23:50:00,211,Heart Rate,0,0,BPM,,
10006,142345,206504,2164-10-23 23:40:00,2164-10-23 23:50:00,646,SpO2,91,91,%,1,
10006,142345,206504,2164-10-23 23:40:00,2164-10-23 23:50:00,212,Heart Rhythm,Atrial Fib,,,,
10006,142345,206504,2164-10-24 00:40:00,2164-10-24 00:50:00,212,Heart Rhythm,Supravent Tachy,,,,
10006,142345,206504,2164-10-24 00:40:00,2164-10-24 00:50:00,"212","Heart Rhythm","V Paced",,,,
`;
const outputs = `row_id,subject_id,hadm_id,icustay_id,charttime,itemid,label,value,valueuom,storetime,cgid,stopped,newbottle,iserror
1,10006,142345,206504,2164-10-23 23:00:00,40055,Urine Out Foley,35,ml,,,,,
2,10006,142345,206504,2164-10-24 01:00:00,40055,Urine Out Foley,12,ml,,,,,
3,10006,142345,206504,2164-10-24 01:00:00,40054,Stool Out Stool,200,ml,,,,,
`;
const labs = `row_id,subject_id,hadm_id,itemid,charttime,value,valuenum,valueuom,flag
10,10006,142345,50912,2164-10-24 05:25:00,7.4,7.4,mg/dL,abnormal
11,10006,142345,50912,2164-11-30 05:25:00,7.9,7.9,mg/dL,abnormal
12,10006,142345,50868,2164-10-24 05:25:00,19,19,mEq/L,
`;

describe('importMimic', () => {
  const { stays, stats } = importMimic({ icustays, vitals, outputs, labs });
  const [stay] = stays;
  const of = (type: string) => stay.events.filter((e) => e.type === type);

  it('writes one stream per ICU stay with data, admit first and discharge last, all valid canonical events', () => {
    expect(stays.map((s) => s.icustayId)).toEqual(['206504']);
    expect(stats).toMatchObject({ stays: 2, staysWithData: 1, droppedImplausible: 1, droppedErrorFlag: 1 });
    expect(stay.events[0]).toMatchObject({ type: 'admit', patientId: 'MIMIC-206504', wardId: 'MIMIC-MICU', bed: '206504', mrn: '10006', time: '2164-10-23T21:10:15.000Z' });
    expect(stay.events.at(-1)).toMatchObject({ type: 'discharge', time: '2164-10-25T12:21:07.000Z' });
    for (const e of stay.events) expect(parseClinicalEvent(e)).toMatchObject({ ok: true });
    for (let i = 1; i < stay.events.length; i++) expect(stay.events[i].time >= stay.events[i - 1].time).toBe(true);
    expect(new Set(stay.events.map((e) => e.id)).size).toBe(stay.events.length);
  });

  it('keeps arterial and cuff pressures apart, puts the other vitals of the time with the arterial one, converts °F', () => {
    expect(of('vitals').map(({ id: _i, source: _s, patientId: _p, ...v }) => v)).toEqual([
      { time: '2164-10-23T22:40:00.000Z', type: 'vitals', method: 'arterial', sbp: 84, map: 58, hr: 104, temp: 38 },
      { time: '2164-10-23T22:40:00.000Z', type: 'vitals', method: 'nibp', sbp: 88, map: 61 },
    ]);
  });

  it('maps charted rhythm text by table (Supravent Tachy is SVT, not VT; paced is other)', () => {
    expect(of('rhythm').map((e) => (e.type === 'rhythm' ? e.rhythm : ''))).toEqual(['sinus', 'af', 'svt', 'other']);
    expect(mimicRhythm('AF (Atrial Fibrillation)')).toBe('af');
    expect(mimicRhythm('SVT (Supra Ventricular Tachycardia)')).toBe('svt');
    expect(mimicRhythm('  ')).toBeNull();
  });

  it('urine output only, each period starting at the previous urine chart (1 h for the first)', () => {
    expect(of('urine').map((e) => (e.type === 'urine' ? [e.periodStart, e.time, e.volumeMl] : []))).toEqual([
      ['2164-10-23T22:00:00.000Z', '2164-10-23T23:00:00.000Z', 35],
      ['2164-10-23T23:00:00.000Z', '2164-10-24T01:00:00.000Z', 12],
    ]);
  });

  it('serum creatinine charted during the stay only', () => {
    expect(of('lab')).toEqual([expect.objectContaining({ code: 'CREAT', value: 7.4, unit: 'mg/dL', time: '2164-10-24T05:25:00.000Z' })]);
  });
});

describe('helpers', () => {
  it('mimicTime', () => {
    expect(mimicTime('2164-10-23 21:10:15')).toBe('2164-10-23T21:10:15.000Z');
  });
  it('parseCsv handles quotes, doubled quotes and CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,,3\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', '', '3'],
    ]);
  });
  it('chartedEpisodes: runs of qualifying charts, ended by a non-qualifying chart or a long gap', () => {
    const H = 3_600_000;
    const eps = chartedEpisodes([
      { t: 0, yes: true },
      { t: H, yes: true },
      { t: 2 * H, yes: false },
      { t: 3 * H, yes: true },
      { t: 9 * H, yes: true },
    ]);
    expect(eps).toEqual([
      { start: 0, end: H, charts: 2 },
      { start: 3 * H, end: 3 * H, charts: 1 },
      { start: 9 * H, end: 9 * H, charts: 1 },
    ]);
  });
});

describe('importMimic: oxygen support (§10 "Oxygen")', () => {
  // Oxygen rows in the extract's layout; item ids and texts as MIMIC-III charts them (DECISIONS.md "MIMIC oxygen items").
  const o2 = `subject_id,hadm_id,icustay_id,charttime,storetime,itemid,label,value,valuenum,valueuom,error,warning
10006,142345,206504,2164-10-23 22:00:00,,220045,Heart Rate,96,96,bpm,,
10006,142345,206504,2164-10-23 22:00:00,,220277,O2 saturation pulseoxymetry,93,93,%,,
10006,142345,206504,2164-10-23 22:00:00,,223834,O2 Flow,4,4,L/min,,
10006,142345,206504,2164-10-23 22:00:00,,226732,O2 Delivery Device(s),Nasal cannula,,,,
10006,142345,206504,2164-10-24 02:00:00,,220179,Non Invasive Blood Pressure systolic,104,104,mmHg,,
10006,142345,206504,2164-10-24 02:00:00,,190,FiO2 set,0.5,0.5,,,
10006,142345,206504,2164-10-24 02:00:00,,467,O2 Delivery Device,Ventilator,,,,
10006,142345,206504,2164-10-24 03:00:00,,223835,Inspired O2 Fraction,40,40,%,,
10006,142345,206504,2164-10-24 03:00:00,,226732,O2 Delivery Device(s),Other,,,,
10006,142345,206504,2164-10-24 04:00:00,,3420,FiO2,12,12,%,,
10006,142345,206504,2164-10-24 05:00:00,,467,O2 Delivery Device,None,,,,
`;
  const { stays } = importMimic({ icustays, vitals: o2, outputs: 'row_id,subject_id,hadm_id,icustay_id,charttime,itemid,label,value,valueuom,storetime,cgid,stopped,newbottle,iserror\n' });
  const vitals = stays[0].events.filter((e) => e.type === 'vitals');

  it('maps O2 flow, FiO2 (fraction or percent) and the device onto the chart time\'s vitals event', () => {
    expect(vitals[0]).toMatchObject({ time: '2164-10-23T22:00:00.000Z', hr: 96, spo2: 93, o2FlowLpm: 4, o2Device: 'nasal-cannula' });
    // The device and FiO2 of a BP chart time join its BP event; FiO2 set 0.5 is 50%; "Ventilator" is intubated.
    expect(vitals[1]).toMatchObject({ time: '2164-10-24T02:00:00.000Z', method: 'nibp', sbp: 104, fio2Pct: 50, o2Device: 'intubated' });
    expect(vitals[2]).toMatchObject({ time: '2164-10-24T03:00:00.000Z', fio2Pct: 40 });
  });

  it('leaves out a device text that says nothing about support, and an implausible FiO2', () => {
    expect(vitals[2]).not.toHaveProperty('o2Device');
    expect(vitals.some((e) => e.time === '2164-10-24T04:00:00.000Z')).toBe(false);
    expect(vitals[3]).toMatchObject({ time: '2164-10-24T05:00:00.000Z', o2Device: 'room-air' });
  });

  it('gives events the contract accepts', () => {
    for (const e of vitals) expect(parseClinicalEvent(e).ok).toBe(true);
  });

  it('reads device texts case- and space-insensitively, and only the listed ones', () => {
    expect(mimicO2Device(' Non-rebreather ')).toBe('non-rebreather');
    expect(mimicO2Device('BIPAP MASK')).toBe('niv');
    expect(mimicO2Device('Tracheostomy tube')).toBeNull();
  });
});
