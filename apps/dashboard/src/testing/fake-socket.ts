import type { SubscribeAck, SubscribeRequest } from '@vigil/contracts';
import type { LiveSocket } from '../live/live.connection';

type Fn = (...args: never[]) => unknown;

/** A socket.io-client stand-in: the test plays the server (connect, acks, events). */
export class FakeSocket {
  connected = false;
  active = true;
  readonly subscribes: { req: SubscribeRequest; ack: (res: SubscribeAck) => void }[] = [];
  readonly unsubscribes: string[] = [];
  connectCalls = 0;
  private readonly handlers = new Map<string, Fn[]>();

  on(event: string, fn: Fn) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, req: SubscribeRequest & { wardId: string }, ack?: (res: SubscribeAck) => void) {
    if (event === 'subscribe' && ack) this.subscribes.push({ req, ack });
    if (event === 'unsubscribe') this.unsubscribes.push(req.wardId);
    return this;
  }
  connect() {
    this.connectCalls++;
    this.active = true;
    return this;
  }
  disconnect() {
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }

  // server side
  serverConnect() {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }
  serverDrop(reason = 'transport close') {
    this.connected = false;
    this.fire('disconnect', reason);
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
  lastSubscribe() {
    const s = this.subscribes.at(-1);
    if (!s) throw new Error('no subscribe was sent');
    return s;
  }
  asLiveSocket(): LiveSocket {
    return this as unknown as LiveSocket;
  }
}
