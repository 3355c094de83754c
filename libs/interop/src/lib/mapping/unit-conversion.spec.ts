import { quantityOf, toCanonical, type Quantity } from './unit-conversion';

describe('toCanonical', () => {
  it.each<[Quantity, number, string | undefined, number, string]>([
    ['temperature', 98.6, '[degF]', 37, 'Cel'],
    ['temperature', 104, '°F', 40, 'Cel'],
    ['temperature', 101.3, '266560', 38.5, 'Cel'], // MDC_DIM_FAHR as a numeric code
    ['temperature', 38.4, 'Cel', 38.4, 'Cel'],
    ['temperature', 38.4, 'MDC_DIM_DEGC', 38.4, 'Cel'],
    ['mass', 185, '[lb_av]', 83.91, 'kg'],
    ['mass', 165, 'lbs', 74.84, 'kg'],
    ['mass', 72500, 'g', 72.5, 'kg'],
    ['mass', 70, undefined, 70, 'kg'],
    ['creatinine', 122, 'umol/L', 1.38, 'mg/dL'],
    ['creatinine', 122, 'µmol/L', 1.38, 'mg/dL'],
    ['creatinine', 122, 'μmol/L', 1.38, 'mg/dL'], // Greek mu
    ['creatinine', 0.09, 'mmol/L', 1.02, 'mg/dL'],
    ['creatinine', 1.2, 'mg/dl', 1.2, 'mg/dL'],
    ['pressure', 12, 'kPa', 90.01, 'mmHg'],
    ['pressure', 120, 'mm[Hg]', 120, 'mmHg'],
    ['pressure', 120, 'mm Hg', 120, 'mmHg'],
    ['pressure', 120, undefined, 120, 'mmHg'],
    ['rate', 72, '{beats}/min', 72, '/min'],
    ['rate', 72, 'beats / minute', 72, '/min'],
    ['rate', 18, 'MDC_DIM_RESP_PER_MIN', 18, '/min'],
    ['percent', 97, '%', 97, '%'],
    ['volume', 0.04, 'L', 40, 'mL'],
    ['flow', 2, 'L/min', 2, 'L/min'],
    ['platelets', 150000, '/uL', 150, '10*3/uL'],
    ['platelets', 221, 'giga.l-1', 221, '10*3/uL'],
    ['platelets', 84, 'K/ul', 84, '10*3/uL'],
    ['cytokine', 2.5, 'ng/mL', 2500, 'pg/mL'],
    ['cytokine', 850, 'U/mL', 850, 'U/mL'], // sIL-2R assays in U/mL cannot become a mass: kept as sent
  ])('%s %d %s → %d %s', (quantity, value, unit, expected, canonical) => {
    expect(toCanonical(quantity, value, unit)).toEqual({ ok: true, value: expected, unit: canonical });
  });

  it.each<[Quantity, number, string | undefined, string]>([
    ['temperature', 98.6, undefined, 'no unit given (expected Cel)'],
    ['temperature', 37, 'K', 'unit "K" cannot be converted to Cel'],
    ['creatinine', 1.2, 'mg/mmol', 'unit "mg/mmol" cannot be converted to mg/dL'],
    ['creatinine', 122, undefined, 'no unit given (expected mg/dL)'],
    ['mass', 70, 'stone', 'unit "stone" cannot be converted to kg'],
    ['pressure', Number.NaN, 'mmHg', 'value NaN is not a finite number'],
  ])('refuses %s %d %s', (quantity, value, unit, reason) => {
    expect(toCanonical(quantity, value, unit)).toEqual({ ok: false, reason });
  });

  it('knows the quantity of every target', () => {
    expect(quantityOf({ kind: 'vital', field: 'temp' })).toBe('temperature');
    expect(quantityOf({ kind: 'vital', field: 'rr' })).toBe('rate');
    expect(quantityOf({ kind: 'vital', field: 'map' })).toBe('pressure');
    expect(quantityOf({ kind: 'lab', code: 'CREAT' })).toBe('creatinine');
    expect(quantityOf({ kind: 'lab', code: 'SIL2R' })).toBe('cytokine');
    expect(quantityOf({ kind: 'rhythm' })).toBeNull();
  });
});
