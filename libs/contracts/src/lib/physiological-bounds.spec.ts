import { bpIsArtefact, vitalsArtefacts } from './physiological-bounds';

describe('§10 physiological bounds', () => {
  it('names the fields outside the bounds', () => {
    expect(vitalsArtefacts({ sbp: 0, dbp: 0 })).toEqual(['sbp', 'dbp']);
    expect(vitalsArtefacts({ sbp: 310 })).toEqual(['sbp']);
    expect(vitalsArtefacts({ sbp: 84, dbp: 80 })).toEqual(['sbp', 'dbp']); // pulse pressure < 10
    expect(vitalsArtefacts({ map: 15, hr: 0, spo2: 40, temp: -17.8 })).toEqual(['map', 'hr', 'spo2', 'temp']);
    expect(vitalsArtefacts({ sbp: 84, dbp: 50, map: 61, hr: 118, spo2: 88, temp: 30 })).toEqual([]);
  });

  it('a BP reading is an artefact when SBP, DBP/SBP or MAP is', () => {
    expect(bpIsArtefact({ sbp: 0 })).toBe(true);
    expect(bpIsArtefact({ sbp: 60, dbp: 62 })).toBe(true);
    expect(bpIsArtefact({ map: 19 })).toBe(true);
    expect(bpIsArtefact({ sbp: 66, dbp: 40, map: 48 })).toBe(false);
  });
});
