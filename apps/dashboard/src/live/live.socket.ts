import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@vigil/contracts';
import type { LiveSocket } from './live.connection';

export type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The real socket: same origin (or VITE_API_URL), token in the handshake, retrying every 1–5 s. */
export function createLiveSocket(baseUrl: string, token: string): LiveSocket {
  const socket: TypedSocket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
    auth: { token },
    autoConnect: true,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  return socket as unknown as LiveSocket;
}
