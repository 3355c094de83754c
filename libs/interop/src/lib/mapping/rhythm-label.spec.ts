import { toRhythmLabel } from './rhythm-label';

describe('toRhythmLabel', () => {
  it.each([
    ['Atrial fibrillation', 'af'],
    ['MDC_ECG_ATR_FIB', 'af'],
    ['Atrial flutter', 'aflutter'],
    ['Supraventricular tachycardia', 'svt'],
    ['Supravent Tachy', 'svt'],
    ['SVT (Supra Ventricular Tachycardia)', 'svt'],
    ['MDC_ECG_SV_TACHY', 'svt'],
    ['Ventricular tachycardia', 'vt'],
    ['V Tach', 'vt'],
    ['MDC_ECG_V_TACHY', 'vt'],
    ['Sinus bradycardia', 'brady'],
    ['Normal sinus rhythm', 'sinus'],
    ['Paced', 'other'],
  ])('%s → %s', (text, label) => {
    expect(toRhythmLabel(text)).toBe(label);
  });

  it('gives null for blank text', () => {
    expect(toRhythmLabel('  ', undefined)).toBeNull();
  });
});
