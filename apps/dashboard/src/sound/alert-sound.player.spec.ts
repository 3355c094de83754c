import { describe, expect, it, vi } from 'vitest';
import { AlertSoundPlayer, type AudioContextLike } from './alert-sound.player';
import { alarmPatterns } from './alarm-patterns';

class FakeContext implements AudioContextLike {
  state: AudioContextLike['state'];
  currentTime = 0;
  destination = {};
  oscillators: { frequency: number; start?: number; stop?: number }[] = [];
  close?: () => Promise<void>;
  private listeners: (() => void)[] = [];
  constructor(
    initial: AudioContextLike['state'],
    private readonly allowResume: boolean,
  ) {
    this.state = initial;
  }
  async resume() {
    if (this.allowResume) {
      this.state = 'running';
      this.listeners.forEach((l) => l());
    }
  }
  addEventListener(_: 'statechange', fn: () => void) {
    this.listeners.push(fn);
  }
  createOscillator() {
    const rec: { frequency: number; start?: number; stop?: number } = { frequency: 0 };
    this.oscillators.push(rec);
    return {
      type: 'sine',
      frequency: {
        set value(v: number) {
          rec.frequency = v;
        },
      },
      connect: () => undefined,
      start: (t: number) => (rec.start = t),
      stop: (t: number) => (rec.stop = t),
    } as unknown as OscillatorNode;
  }
  createGain() {
    const param = { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined };
    return { gain: param, connect: () => undefined } as unknown as GainNode;
  }
}

describe('AlertSoundPlayer', () => {
  it('reports blocked while the browser keeps the context suspended, and plays nothing', () => {
    const ctx = new FakeContext('suspended', false);
    const player = new AlertSoundPlayer(() => ctx);
    expect(player.availability).toBe('blocked');
    expect(player.play('high')).toBe(false);
    expect(ctx.oscillators).toHaveLength(0);
  });

  it('unlocks on a user gesture and then plays the IEC burst for the priority', async () => {
    const ctx = new FakeContext('suspended', true);
    const player = new AlertSoundPlayer(() => ctx);
    let changes = 0;
    player.onChange(() => changes++);
    expect(await player.unlock()).toBe(true);
    expect(player.availability).toBe('ready');
    expect(changes).toBeGreaterThan(0);
    expect(player.play('high')).toBe(true);
    expect(ctx.oscillators).toHaveLength(10);
    expect(player.play('medium')).toBe(true);
    expect(ctx.oscillators).toHaveLength(13);
    expect(ctx.oscillators.every((o) => (o.stop ?? 0) > (o.start ?? Infinity))).toBe(true);
  });

  it('stays blocked when resume is refused', async () => {
    const player = new AlertSoundPlayer(() => new FakeContext('suspended', false));
    expect(await player.unlock()).toBe(false);
    expect(player.availability).toBe('blocked');
  });

  it('closes its context on dispose and makes a new one when used again', async () => {
    const made: FakeContext[] = [];
    const player = new AlertSoundPlayer(() => {
      const c = new FakeContext('running', true);
      c.close = vi.fn(async () => undefined);
      made.push(c);
      return c;
    });
    expect(player.play('medium')).toBe(true);
    player.dispose();
    expect(made[0].close).toHaveBeenCalled();
    expect(player.play('medium')).toBe(true);
    expect(made).toHaveLength(2);
  });

  it('is unsupported without Web Audio', () => {
    const player = new AlertSoundPlayer(() => null);
    expect(player.availability).toBe('unsupported');
    expect(player.play('high')).toBe(false);
  });

  it('uses 10 pulses for high, 3 for medium, 1 for low', () => {
    expect([alarmPatterns.high.length, alarmPatterns.medium.length, alarmPatterns.low.length]).toEqual([10, 3, 1]);
  });
});
