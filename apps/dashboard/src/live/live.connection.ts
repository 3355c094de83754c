import type { Alert, AlertSilence, AlertTransition, SilenceChange, SubscribeAck, SubscribeRequest, VitalsSnapshot } from '@vigil/contracts';

export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline';

export interface ConnectionInfo {
  status: ConnectionStatus;
  /** Epoch ms of the last message from the server (ack, alert or vitals); null before the first. */
  lastUpdateAt: number | null;
  /** Why we are offline, when known (e.g. the server refused the token or the ward). */
  detail: string | null;
}

export interface SubscribedAck {
  wardId: string;
  seq: number;
  active: Alert[];
  missed: AlertTransition[];
  /** Silences and shelves in force on the ward (older servers send none). */
  silences: AlertSilence[];
  /** True for a resubscription after a reconnect (the client asked for `since`). */
  resumed: boolean;
  /**
   * The server's seq is behind what this client saw (its database was replaced): everything held
   * is suspect and should be reloaded; `active` is the truth.
   */
  reset: boolean;
}

export interface LiveHandlers {
  onSubscribed(ack: SubscribedAck): void;
  /** Live transitions, each seq delivered at most once, never before the ack of its subscription. */
  onTransitions(transitions: AlertTransition[]): void;
  onVitals(snapshot: VitalsSnapshot): void;
  /** A per-alert silence or shelve of this ward started or ended. */
  onSilence?(change: SilenceChange): void;
  onStatus(info: ConnectionInfo): void;
  /** The server refused the token: the session is over. */
  onAuthRejected?(message: string): void;
}

/** The part of a socket.io-client Socket this module uses (a fake stands in for it in tests). */
export interface LiveSocket {
  readonly connected: boolean;
  readonly active: boolean;
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'disconnect', fn: (reason: string) => void): unknown;
  on(event: 'connect_error', fn: (err: Error & { data?: { code?: string } }) => void): unknown;
  on(event: 'alert', fn: (t: AlertTransition) => void): unknown;
  on(event: 'vitals', fn: (batch: VitalsSnapshot[]) => void): unknown;
  on(event: 'silence', fn: (change: SilenceChange) => void): unknown;
  emit(event: 'subscribe', req: SubscribeRequest, ack: (res: SubscribeAck) => void): unknown;
  emit(event: 'unsubscribe', req: { wardId: string }): unknown;
  connect(): unknown;
  disconnect(): unknown;
  removeAllListeners(): unknown;
}

export interface LiveOptions {
  /** After this long without a connection the banner says offline rather than reconnecting. */
  offlineAfterMs?: number;
  ackTimeoutMs?: number;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const SEEN_CAPACITY = 5000;

/**
 * One ward subscription over socket.io /live. On every (re)connect it subscribes with
 * `since` = the last seq seen, so the server replays what was missed; live transitions that arrive
 * before that ack are held back and delivered after it; every seq is delivered once.
 */
export class LiveConnection {
  private wardId: string | null = null;
  private lastSeq = 0;
  private readonly seen = new Set<number>();
  private readonly seenOrder: number[] = [];
  private buffer: AlertTransition[] | null = null;
  private generation = 0;
  private info: ConnectionInfo = { status: 'reconnecting', lastUpdateAt: null, detail: null };
  private offlineTimer: unknown = null;
  private ackTimer: unknown = null;
  private closed = false;
  private lastNotifiedAt = -Infinity;
  private manualDrop = false;
  private readonly offlineAfterMs: number;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (h: unknown) => void;

  constructor(
    private readonly socket: LiveSocket,
    private readonly handlers: LiveHandlers,
    options: LiveOptions = {},
  ) {
    this.offlineAfterMs = options.offlineAfterMs ?? 20_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8_000;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimer = options.clearTimeout ?? ((h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));

    socket.on('connect', () => {
      this.manualDrop = false;
      this.cancelOfflineTimer();
      if (this.wardId) this.sendSubscribe();
    });
    socket.on('disconnect', (reason) => {
      this.buffer = null;
      this.generation++;
      this.cancelAckTimer();
      if (this.closed) return;
      if (this.manualDrop) {
        this.setStatus('offline', 'disconnected on request');
        return;
      }
      this.setStatus('reconnecting', `connection lost (${reason})`);
      this.armOfflineTimer();
      // socket.io does not retry after the server closed the socket itself: retry ourselves.
      if (reason === 'io server disconnect') this.setTimer(() => !this.closed && !this.manualDrop && this.socket.connect(), 2000);
    });
    socket.on('connect_error', (err) => {
      if (this.closed) return;
      const code = err.data?.code;
      if (code && code.startsWith('AUTH')) {
        this.setStatus('offline', 'the server refused the session; log in again');
        this.handlers.onAuthRejected?.(err.message);
        return;
      }
      if (!socket.active) {
        this.setStatus('offline', err.message);
        return;
      }
      if (this.info.status !== 'offline') this.setStatus('reconnecting', err.message);
      this.armOfflineTimer();
    });
    socket.on('alert', (t) => this.onAlert(t));
    socket.on('vitals', (batch) => {
      const mine = batch.filter((s) => s.wardId === this.wardId);
      if (mine.length === 0) return;
      this.touch();
      for (const s of mine) this.handlers.onVitals(s);
    });
    socket.on('silence', (change) => {
      if (change.silence.wardId !== this.wardId) return;
      this.touch();
      this.handlers.onSilence?.(change);
    });
  }

  get status(): ConnectionInfo {
    return this.info;
  }

  get since(): number {
    return this.lastSeq;
  }

  /** Subscribes to a ward (and leaves the previous one); the first ack carries the ward's open alerts. */
  subscribe(wardId: string): void {
    if (this.wardId === wardId) return;
    if (this.wardId && this.socket.connected) this.socket.emit('unsubscribe', { wardId: this.wardId });
    this.wardId = wardId;
    this.lastSeq = 0;
    this.seen.clear();
    this.seenOrder.length = 0;
    if (this.socket.connected) this.sendSubscribe();
    else if (!this.socket.active && !this.manualDrop) this.socket.connect();
    this.armOfflineTimer();
  }

  /** Drops the connection on purpose (tests and the "simulate network loss" debug hook). */
  drop(): void {
    this.manualDrop = true;
    this.socket.disconnect();
  }

  restore(): void {
    this.manualDrop = false;
    this.setStatus('reconnecting', 'reconnecting');
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.cancelAckTimer();
    this.cancelOfflineTimer();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private sendSubscribe(): void {
    const wardId = this.wardId;
    if (!wardId) return;
    const generation = ++this.generation;
    const resumed = this.lastSeq > 0;
    const req: SubscribeRequest = resumed ? { wardId, since: this.lastSeq } : { wardId };
    this.buffer = [];
    this.cancelAckTimer();
    this.ackTimer = this.setTimer(() => {
      if (generation !== this.generation || this.closed) return;
      this.setStatus('reconnecting', 'the server did not answer the subscription; retrying');
      this.sendSubscribe();
    }, this.ackTimeoutMs);
    this.socket.emit('subscribe', req, (res) => {
      if (generation !== this.generation || this.closed) return;
      this.cancelAckTimer();
      if (!res.ok) {
        this.buffer = null;
        this.setStatus('offline', res.message || res.code);
        return;
      }
      const held = this.buffer ?? [];
      this.buffer = null;
      const reset = resumed && res.seq < (req.since ?? 0);
      if (reset) {
        this.lastSeq = 0;
        this.seen.clear();
        this.seenOrder.length = 0;
      }
      this.lastSeq = Math.max(this.lastSeq, res.seq);
      const missed = this.fresh(res.missed);
      this.touch();
      this.setStatus('connected', null);
      this.handlers.onSubscribed({ wardId: res.wardId, seq: res.seq, active: res.active, missed, silences: res.silences ?? [], resumed, reset });
      const live = this.fresh(held);
      if (live.length) this.handlers.onTransitions(live);
    });
  }

  private onAlert(t: AlertTransition): void {
    if (t.alert.wardId !== null && t.alert.wardId !== this.wardId) return;
    if (this.buffer) {
      this.buffer.push(t);
      return;
    }
    const fresh = this.fresh([t]);
    this.touch();
    if (fresh.length) this.handlers.onTransitions(fresh);
  }

  /** Drops transitions already delivered (by seq) and records the rest as seen. */
  private fresh(ts: readonly AlertTransition[]): AlertTransition[] {
    const out: AlertTransition[] = [];
    for (const t of [...ts].sort((a, b) => a.seq - b.seq)) {
      if (this.seen.has(t.seq)) continue;
      this.seen.add(t.seq);
      this.seenOrder.push(t.seq);
      if (this.seenOrder.length > SEEN_CAPACITY) this.seen.delete(this.seenOrder.shift() as number);
      this.lastSeq = Math.max(this.lastSeq, t.seq);
      out.push(t);
    }
    return out;
  }

  /** Records a message from the server; tells the UI at most once a second (vitals arrive at ward scale). */
  private touch(): void {
    const now = this.now();
    this.info = { ...this.info, lastUpdateAt: now };
    if (now - this.lastNotifiedAt >= 1000) {
      this.lastNotifiedAt = now;
      this.handlers.onStatus(this.info);
    }
  }

  private setStatus(status: ConnectionStatus, detail: string | null): void {
    if (status === 'connected') this.cancelOfflineTimer();
    this.info = { ...this.info, status, detail };
    this.lastNotifiedAt = this.now();
    this.handlers.onStatus(this.info);
  }

  private armOfflineTimer(): void {
    if (this.offlineTimer !== null) return;
    this.offlineTimer = this.setTimer(() => {
      this.offlineTimer = null;
      if (!this.closed && this.info.status === 'reconnecting') this.setStatus('offline', 'no connection to the server; still retrying');
    }, this.offlineAfterMs);
  }

  private cancelOfflineTimer(): void {
    if (this.offlineTimer !== null) this.clearTimer(this.offlineTimer);
    this.offlineTimer = null;
  }

  private cancelAckTimer(): void {
    if (this.ackTimer !== null) this.clearTimer(this.ackTimer);
    this.ackTimer = null;
  }
}
