import type { AlertSeverity } from '@vigil/contracts';
import { alarmPatterns } from './alarm-patterns';

/** The subset of the Web Audio API the player needs (a fake stands in for it in tests). */
export interface AudioContextLike {
  readonly state: 'suspended' | 'running' | 'closed' | 'interrupted';
  readonly currentTime: number;
  readonly destination: AudioNode | object;
  resume(): Promise<void>;
  createOscillator(): OscillatorNode;
  createGain(): GainNode;
  addEventListener(type: 'statechange', fn: () => void): void;
  close?(): Promise<void>;
}

export type SoundAvailability = 'ready' | 'blocked' | 'unsupported';

/**
 * WebAudio beeps for new alerts. Browsers start an AudioContext "suspended" until the user
 * interacts with the page; the player then reports `blocked` so the UI can ask for a click.
 */
export class AlertSoundPlayer {
  private ctx: AudioContextLike | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly createContext: () => AudioContextLike | null = defaultContext) {}

  get availability(): SoundAvailability {
    const ctx = this.context();
    if (!ctx) return 'unsupported';
    return ctx.state === 'running' ? 'ready' : 'blocked';
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Call from a user gesture: resumes a suspended context. Resolves to whether sound can play now. */
  async unlock(): Promise<boolean> {
    const ctx = this.context();
    if (!ctx) return false;
    if (ctx.state !== 'running') {
      try {
        await ctx.resume();
      } catch {
        /* still blocked */
      }
    }
    this.emit();
    return ctx.state === 'running';
  }

  /** Plays the burst for a severity; false when sound is blocked or unsupported. */
  play(severity: AlertSeverity): boolean {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return false;
    const start = ctx.currentTime + 0.05;
    for (const p of alarmPatterns[severity]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'triangle';
      osc.frequency.value = p.frequency;
      const t0 = start + p.at;
      const t1 = t0 + p.duration;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.35, t0 + 0.015);
      gain.gain.setValueAtTime(0.35, t1 - 0.03);
      gain.gain.linearRampToValueAtTime(0, t1);
      osc.connect(gain);
      gain.connect(ctx.destination as AudioNode);
      osc.start(t0);
      osc.stop(t1 + 0.01);
    }
    return true;
  }

  /** Releases the AudioContext (browsers cap how many a page may hold); a later call makes a new one. */
  dispose(): void {
    const ctx = this.ctx;
    this.ctx = null;
    void ctx?.close?.().catch(() => undefined);
  }

  private context(): AudioContextLike | null {
    if (!this.ctx) {
      this.ctx = this.createContext();
      this.ctx?.addEventListener('statechange', () => this.emit());
    }
    return this.ctx;
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

function defaultContext(): AudioContextLike | null {
  const Ctor = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try {
    return new Ctor() as unknown as AudioContextLike;
  } catch {
    return null;
  }
}
