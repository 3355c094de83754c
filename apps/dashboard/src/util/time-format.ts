/** "45 s", "12 min", "3 h 05 min", "2 d 4 h": compact ages for a wall screen (never negative). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24} h`;
}

/** How long ago, in words a nurse reads at a glance; a time ahead of this screen's clock is "just now", never a negative age. */
export function formatAgo(iso: string | number | null | undefined, now: number): string {
  const t = toMs(iso);
  if (t === null) return '—';
  const ms = now - t;
  if (ms < 5_000) return 'just now';
  return `${formatAge(ms)} ago`;
}

const toMs = (iso: string | number | null | undefined): number | null => {
  if (iso === null || iso === undefined) return null;
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'clock' | 'hm' | 'date', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'clock'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
        : kind === 'hm'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', opts); // an unknown zone: this screen's own
    }
    formatters.set(key, f);
  }
  return f;
}

/** Wall-clock time in the ward's zone (default: this screen's), HH:MM:SS. */
export function formatClock(iso: string | number | null | undefined, timeZone?: string): string {
  const t = toMs(iso);
  return t === null ? '—' : formatter('clock', timeZone).format(t);
}

/** Wall-clock time in the ward's zone, HH:MM. */
export function formatHourMinute(iso: string | number | null | undefined, timeZone?: string): string {
  const t = toMs(iso);
  return t === null ? '—' : formatter('hm', timeZone).format(t);
}

/** Date and time in the ward's zone, "26 Nov 14:05". */
export function formatDateTime(iso: string | number | null | undefined, timeZone?: string): string {
  const t = toMs(iso);
  return t === null ? '—' : formatter('date', timeZone).format(t).replace(',', '');
}
