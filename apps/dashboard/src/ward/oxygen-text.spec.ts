import { describe, expect, it } from 'vitest';
import { oxygenText, shortOxygenText } from './oxygen-text';

describe('oxygen support text (§10 "Oxygen")', () => {
  it.each([
    [[3], '3 L/min O₂'],
    [[0], 'room air'],
    [[undefined, 'room-air'], 'room air'],
    [[15, 'non-rebreather'], 'non-rebreather 15 L/min'],
    [[undefined, 'mask', 40], 'mask FiO₂ 40%'],
    [[undefined, 'intubated', 50], 'intubated FiO₂ 50%'],
    [[undefined], null],
  ] as const)('%j → %s', (args, text) => expect(oxygenText(...(args as unknown as Parameters<typeof oxygenText>))).toBe(text));

  it('short forms for compact tiles', () => {
    expect(shortOxygenText(12.5)).toBe('O₂ 12.5L');
    expect(shortOxygenText(15, 'non-rebreather')).toBe('NRB 15L');
    expect(shortOxygenText(undefined, 'high-flow')).toBe('HF');
  });
});
