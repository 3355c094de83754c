import type { ConnectionInfo } from '../live/live.connection';
import { formatAgo, formatClock } from '../util/time-format';
import { connectionProblem } from '../util/human-text';
import { useTimeZone } from '../app/time-zone';

const text = { connected: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline — data may be out of date' } as const;

/** Always visible: is what the screen shows live, and since when has nothing arrived? */
export function ConnectionBanner({ info, now }: { info: ConnectionInfo; now: number }) {
  const timeZone = useTimeZone();
  const last = info.lastUpdateAt;
  const problem = info.status !== 'connected' ? connectionProblem(info.detail) : null;
  return (
    <div className={`banner banner--${info.status}`} data-testid="connection-banner" data-status={info.status}>
      <span className="banner__dot" aria-hidden="true" />
      {/* Only the status is announced; the ticking age would be read out every second. */}
      <strong role="status">{text[info.status]}</strong>
      <span className="banner__last">
        Last update {last === null ? 'never' : `${formatClock(last, timeZone)} (${formatAgo(last, now)})`}
      </span>
      {problem && <span className="banner__detail">{problem}</span>}
    </div>
  );
}
