import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';

/** A request id a client or proxy may pass (X-Request-Id): short, no spaces or control characters. */
const GIVEN_ID = /^[\w.:@/-]{1,100}$/;

const current = new AsyncLocalStorage<string>();

/** `given` when it is a sane request id (from X-Request-Id), else a new UUID. */
export function requestIdFrom(given?: unknown): string {
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

/** The id of the HTTP request, socket message or MLLP message being handled here, if any. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/**
 * Runs `fn` as the handling of one request, socket message or MLLP message: `currentRequestId()`
 * returns `id` inside it (the event log hands it on to the rules queue and their transitions), and
 * every line Nest's Logger writes there carries `req.id` and `channel`, like an HTTP request's lines.
 */
export function withRequestId<T>(id: string, channel: 'http' | 'socket' | 'mllp' | 'rules', fn: () => T): T {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  // Over HTTP, pino-http's own request logger is in place already (nestjs-pino's middleware).
  const logged = root && channel !== 'http' ? () => storage.run(new Store(root.child({ req: { id }, channel })), fn) : fn;
  return current.run(id, logged);
}
