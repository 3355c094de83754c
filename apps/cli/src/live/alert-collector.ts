import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type AlertTransition, type ClientToServerEvents, type ServerToClientEvents, type SubscribeAck } from '@vigil/contracts';
import { baseUrl, ServiceError } from './service-client';

/**
 * Subscribes to /live for some wards and keeps every alert transition, once each (by seq), in seq
 * order. Transitions already on record when it subscribes are not collected (only what the replay causes).
 */
export class AlertCollector {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private readonly bySeq = new Map<number, AlertTransition>();
  private lastArrival = performance.now();
  private readonly wardSeq = new Map<string, number>();

  constructor(
    private readonly target: string,
    private readonly token: string,
  ) {}

  async connect(): Promise<void> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${baseUrl(this.target)}${LIVE_NAMESPACE}`, { auth: { token: this.token }, transports: ['websocket'], reconnection: true });
    this.socket = socket;
    socket.on('alert', (t) => {
      if ((this.wardSeq.get(t.alert.wardId ?? '') ?? Infinity) >= t.seq) return;
      this.bySeq.set(t.seq, t);
      this.lastArrival = performance.now();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(new ServiceError(`socket.io ${LIVE_NAMESPACE}: ${e.message}`)));
    });
  }

  /** Subscribes to a ward (idempotent); transitions with seq above the one current now are collected. */
  async subscribe(wardId: string): Promise<void> {
    const socket = this.socket;
    if (this.wardSeq.has(wardId) || !socket) return;
    const ack = await new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId }, resolve));
    if (!ack.ok) throw new ServiceError(`subscribe to ward ${wardId} refused: ${ack.message}`);
    this.wardSeq.set(wardId, ack.seq);
  }

  /** Every transition collected, in seq order. */
  transitions(): AlertTransition[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get count(): number {
    return this.bySeq.size;
  }

  /**
   * Resolves once at least `atLeast` transitions were collected and then none arrived for `quietMs`,
   * or when `maxMs` has passed.
   */
  async settle(quietMs: number, maxMs: number, atLeast = 0): Promise<void> {
    const deadline = performance.now() + maxMs;
    this.lastArrival = Math.max(this.lastArrival, performance.now());
    while (performance.now() < deadline && (this.bySeq.size < atLeast || performance.now() - this.lastArrival < quietMs)) await new Promise((r) => setTimeout(r, 50));
  }

  close() {
    this.socket?.close();
    this.socket = null;
  }
}
