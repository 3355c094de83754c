import type { SoundAvailability } from '../sound/alert-sound.player';
import { MUTE_CHOICES_MIN, muteRemainingMs, type MuteState } from '../sound/mute';
import { formatAge } from '../util/time-format';

export interface SoundControlProps {
  availability: SoundAvailability;
  mute: MuteState;
  now: number;
  onUnlock(): void;
  onMute(minutes: number): void;
  onUnmute(): void;
  /** Sound test: plays the HIGH burst now. */
  onTest?(): void;
  played?: number;
  lastTest?: 'played' | 'blocked' | null;
}

export function SoundControl({ availability, mute, now, onUnlock, onMute, onUnmute, onTest, played = 0, lastTest = null }: SoundControlProps) {
  const remaining = muteRemainingMs(mute, now);
  return (
    <div className="sound" data-testid="sound-control" data-played={played}>
      {onTest && (
        <button type="button" className="button" data-testid="sound-test" onClick={onTest} title="Play the high-priority alarm once, even while muted">
          Test sound
        </button>
      )}
      {lastTest && (
        <span className={`sound__test sound__test--${lastTest}`} data-testid="sound-test-result" role="status">
          {lastTest === 'played' ? 'Test sound played' : 'Sound is blocked: this screen cannot alarm'}
        </span>
      )}
      {availability === 'blocked' && (
        <button type="button" className="button button--warning" data-testid="sound-blocked" onClick={onUnlock}>
          🔇 Sound is blocked — click to enable
        </button>
      )}
      {availability === 'unsupported' && <span className="sound__warn">No audio in this browser: alerts are silent</span>}
      {remaining > 0 ? (
        <button type="button" className="button button--warning" data-testid="sound-unmute" onClick={onUnmute}>
          Muted — {formatAge(remaining)} left · unmute
        </button>
      ) : (
        <span className="sound__mute">
          {MUTE_CHOICES_MIN.map((m) => (
            <button key={m} type="button" className="button" data-testid={`sound-mute-${m}`} onClick={() => onMute(m)} title={`Silence new-alert sound for ${m} minutes`}>
              Mute {m} min
            </button>
          ))}
        </span>
      )}
    </div>
  );
}
