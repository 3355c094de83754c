import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AlertTransition } from '@vigil/contracts';
import { AlertSoundPlayer, type SoundAvailability } from './alert-sound.player';
import { expireMute, isMuted, muteFor, notMuted, type MuteState } from './mute';
import { soundFor } from './sound-triggers';

export interface AlertSound {
  availability: SoundAvailability;
  mute: MuteState;
  /** Plays the burst for the loudest new alert among these, unless muted or blocked. */
  announce(transitions: readonly AlertTransition[]): void;
  unlock(): void;
  muteFor(minutes: number): void;
  unmute(): void;
}

export function useAlertSound(now: number, player?: AlertSoundPlayer): AlertSound {
  const p = useMemo(() => player ?? new AlertSoundPlayer(), [player]);
  const [availability, setAvailability] = useState<SoundAvailability>(() => p.availability);
  const [mute, setMute] = useState<MuteState>(notMuted);
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
      if (!p.play(severity)) setAvailability(p.availability);
    },
    [p],
  );

  return {
    availability,
    mute,
    announce,
    unlock: useCallback(() => void p.unlock(), [p]),
    muteFor: useCallback((minutes: number) => setMute(muteFor(minutes, Date.now())), []),
    unmute: useCallback(() => setMute(notMuted), []),
  };
}
