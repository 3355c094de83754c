/** What a long command shows on stderr: a bar on a terminal, a line every few seconds otherwise. */
export interface ProgressOptions {
  label: string;
  /** Total units when known (events, bytes, rows); a bar needs it, a counter does not. */
  total?: number;
  unit?: string;
  /** Where to write (default process.stderr); `null` silences it (tests, --quiet). */
  stream?: NodeJS.WriteStream | null;
  /** Extra text after the counts, e.g. "lag 12 ms". */
  extra?: () => string;
  /** Minimum interval between redraws (ms). Non-terminals get a line every 2 s. */
  intervalMs?: number;
}

export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly started = performance.now();
  private readonly tty: boolean;
  private readonly interval: number;

  constructor(private readonly opts: ProgressOptions) {
    const s = opts.stream === undefined ? process.stderr : opts.stream;
    this.tty = !!s?.isTTY;
    this.interval = opts.intervalMs ?? (this.tty ? 100 : 2000);
  }

  get count(): number {
    return this.done;
  }

  /** Events (or units) per second since the start. */
  rate(): number {
    const s = (performance.now() - this.started) / 1000;
    return s > 0 ? this.done / s : 0;
  }

  setTotal(total: number) {
    this.opts.total = total;
  }

  add(n = 1) {
    this.done += n;
    const now = performance.now();
    if (now - this.lastDraw >= this.interval) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  finish(message?: string) {
    this.draw(true);
    const s = this.stream();
    if (s && message) s.write(message.endsWith('\n') ? message : message + '\n');
  }

  line(): string {
    const { total, unit = 'events', label } = this.opts;
    const rate = this.rate();
    const rateText = rate >= 1000 ? `${(rate / 1000).toFixed(1)}k` : rate.toFixed(0);
    const extra = this.opts.extra ? ` ${this.opts.extra()}` : '';
    if (total && total > 0) {
      const frac = Math.min(1, this.done / total);
      const width = 24;
      const full = Math.round(frac * width);
      return `${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${this.done}/${total} ${unit} ${rateText} ${unit}/s${extra}`;
    }
    return `${label} ${this.done} ${unit} ${rateText} ${unit}/s${extra}`;
  }

  private stream(): NodeJS.WriteStream | null {
    return this.opts.stream === undefined ? process.stderr : this.opts.stream;
  }

  private draw(final: boolean) {
    const s = this.stream();
    if (!s) return;
    if (this.tty) s.write(`\r\x1b[K${this.line()}${final ? '\n' : ''}`);
    else s.write(this.line() + '\n');
  }
}
