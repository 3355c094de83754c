import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './hash-route';

describe('hash routes', () => {
  it.each([
    ['', { view: 'home' }],
    ['#/', { view: 'home' }],
    ['#/ward/W-DEMO', { view: 'ward', wardId: 'W-DEMO' }],
    ['#/ward/W-DEMO/patient/P%2F1', { view: 'patient', wardId: 'W-DEMO', patientId: 'P/1' }],
    ['#/ward/W-DEMO/history', { view: 'history', wardId: 'W-DEMO' }],
    ['#/nonsense', { view: 'home' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips', () => {
    const r = { view: 'patient', wardId: 'W 1', patientId: 'P-7' } as const;
    expect(parseRoute(routeHash(r))).toEqual(r);
  });
});
