import { Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

export interface RedisFanOut {
  /** The socket.io adapter factory: every node's broadcasts reach every node's sockets. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * Connects to Redis for cross-node socket fan-out (socket.io's Redis Streams adapter). The stream
 * survives a short Redis outage without losing packets (the adapter resumes from its last id); a
 * dashboard also catches up by seq from the database whenever it re-subscribes.
 */
export async function connectRedisFanOut(url: string, streamName = 'vigil:live'): Promise<RedisFanOut> {
  const logger = new Logger('Redis');
  let connected = false;
  // At start-up a few quick retries, then a clear refusal; once connected, reconnect for ever.
  const client = createClient({
    url,
    socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => (!connected && retries >= 3 ? false : Math.min(100 * 2 ** retries, 5_000)) },
  });
  let lastError = '';
  client.on('error', (e: Error) => {
    if (e.message !== lastError) logger.warn(`Redis: ${e.message} (reconnecting; live updates between nodes wait)`);
    lastError = e.message;
  });
  client.on('ready', () => {
    connected = true;
    if (lastError) logger.log('Redis connection restored');
    lastError = '';
  });
  try {
    await client.connect();
  } catch (e) {
    if (client.isOpen) client.destroy();
    throw new Error(`cannot connect to REDIS_URL (${redacted(url)}): ${(e as Error).message}`, { cause: e });
  }
  logger.log(`socket fan-out through Redis at ${redacted(url)} (stream ${streamName})`);
  return {
    adapter: createAdapter(client, { streamName, maxLen: 100_000 }),
    close: async () => {
      if (client.isOpen) await client.quit().catch(() => client.destroy());
    },
  };
}

/** The URL without its password, for logs and errors. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
