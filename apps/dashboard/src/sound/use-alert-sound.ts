import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AlertSeverity, AlertTransition } from '@vigil/contracts';
import { AlertSoundPlayer, type SoundAvailability } from './alert-sound.player';
import { expireMute, isMuted, muteFor, notMuted, type MuteState } from './mute';
import { soundFor } from './sound-triggers';

export interface AlertSound {
  availability: SoundAvailability;
  mute: MuteState;
  /** Plays the burst for the loudest new alert among these, unless muted or blocked. */
  announce(transitions: readonly AlertTransition[]): void;
  /** Sounds one alert again (its silence expired or it worsened), unless muted or blocked. */
  reannounce(severity: AlertSeverity): void;
  /** The sound test button: unlocks audio (a click is a gesture) and plays the HIGH burst even while muted. */
  test(): void;
  /** Bursts played since the screen opened (shown on the control, so a test can see sound happen). */
  played: number;
  /** Result of the last sound test: null before the first. */
  lastTest: 'played' | 'blocked' | null;
  unlock(): void;
  muteFor(minutes: number): void;
  unmute(): void;
}

export function useAlertSound(now: number, player?: AlertSoundPlayer): AlertSound {
  const p = useMemo(() => player ?? new AlertSoundPlayer(), [player]);
  const [availability, setAvailability] = useState<SoundAvailability>(() => p.availability);
  const [mute, setMute] = useState<MuteState>(notMuted);
  const [played, setPlayed] = useState(0);
  const [lastTest, setLastTest] = useState<'played' | 'blocked' | null>(null);
  const muteRef = useRef(mute);
  muteRef.current = mute;

  useEffect(() => {
    const off = p.onChange(() => setAvailability(p.availability));
    // Any interaction with the page is a chance to unblock audio.
    const onGesture = () => void p.unlock();
    document.addEventListener('pointerdown', onGesture);
    document.addEventListener('keydown', onGesture);
    return () => {
      off();
      document.removeEventListener('pointerdown', onGesture);
      document.removeEventListener('keydown', onGesture);
      p.dispose();
    };
  }, [p]);

  // The mute ends on its own.
  useEffect(() => {
    const next = expireMute(mute, now);
    if (next !== mute) setMute(next);
  }, [mute, now]);

  const announce = useCallback(
    (ts: readonly AlertTransition[]) => {
      const severity = soundFor(ts);
      if (!severity || isMuted(muteRef.current, Date.now())) return;
      if (p.play(severity)) setPlayed((n) => n + 1);
      else setAvailability(p.availability);
    },
    [p],
  );

  const reannounce = useCallback(
    (severity: AlertSeverity) => {
      if (severity === 'low' || isMuted(muteRef.current, Date.now())) return;
      if (p.play(severity)) setPlayed((n) => n + 1);
      else setAvailability(p.availability);
    },
    [p],
  );

  const test = useCallback(() => {
    void p.unlock().then((ok) => {
      const sounded = ok && p.play('high');
      if (sounded) setPlayed((n) => n + 1);
      setLastTest(sounded ? 'played' : 'blocked');
      setAvailability(p.availability);
    });
  }, [p]);

  return {
    availability,
    mute,
    announce,
    reannounce,
    test,
    played,
    lastTest,
    unlock: useCallback(() => void p.unlock(), [p]),
    muteFor: useCallback((minutes: number) => setMute(muteFor(minutes, Date.now())), []),
    unmute: useCallback(() => setMute(notMuted), []),
  };
}
