import { describe, expect, it } from 'vitest';
import { soundFor } from './sound-triggers';
import { aTransition, anAlert } from '../testing/builders';

describe('soundFor', () => {
  it('sounds the loudest new high or medium alert', () => {
    expect(soundFor([aTransition(1, 'raised', anAlert({ severity: 'medium' })), aTransition(2, 'raised', anAlert({ severity: 'high' }))])).toBe('high');
    expect(soundFor([aTransition(1, 'raised', anAlert({ severity: 'medium' }))])).toBe('medium');
  });

  it('sounds an escalation into a high priority', () => {
    expect(soundFor([aTransition(3, 'escalated', anAlert({ severity: 'high' }))])).toBe('high');
  });

  it('stays silent for low alerts, updates, acknowledgements and resolutions', () => {
    expect(soundFor([aTransition(1, 'raised', anAlert({ severity: 'low' }))])).toBeNull();
    expect(soundFor([aTransition(1, 'updated', anAlert({ severity: 'high' }))])).toBeNull();
    expect(soundFor([aTransition(1, 'acknowledged', anAlert({ severity: 'high', state: 'acknowledged' }))])).toBeNull();
    expect(soundFor([aTransition(1, 'resolved', anAlert({ severity: 'high', state: 'resolved' }))])).toBeNull();
    expect(soundFor([])).toBeNull();
  });
});
