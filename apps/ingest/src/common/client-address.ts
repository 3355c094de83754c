import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { PeerAllowList } from '../mllp/peer-allow-list';

/** Who the client is, as far as the network says: set once per request by `trustProxy`, read by `addressOf`. */
export interface ClientView {
  /** The client's address: the TCP peer's, or behind a trusted proxy the one the proxies forwarded. */
  address: string | undefined;
  /** Came over TLS: the connection itself, or `X-Forwarded-Proto: https` from a trusted proxy. */
  secure: boolean;
  /** Reached through a trusted proxy (its X-Forwarded-* headers were honoured). */
  proxied: boolean;
}

export type WithClientView = IncomingMessage & { vigilClient?: ClientView };

const plain = (a: string | undefined) => a?.trim().replace(/^::ffff:/, '') || undefined;

/** The trusted proxies (TRUST_PROXY: addresses or CIDR blocks; empty = none). */
export function trustedProxies(spec: string): PeerAllowList {
  return new PeerAllowList(spec, 'TRUST_PROXY');
}

/**
 * The client behind the proxies. `X-Forwarded-For` is read only when the TCP peer is a trusted proxy,
 * from the right (the hop nearest to us, written by our proxy) leftwards, skipping trusted proxies:
 * the first address not trusted is the client. Anything left of it was written by the client and
 * proves nothing. A malformed entry ends the walk at the last trusted hop.
 */
export function clientOf(req: IncomingMessage, trusted: PeerAllowList): ClientView {
  const peer = plain(req.socket?.remoteAddress);
  const tls = Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted);
  if (trusted.empty || !trusted.allows(peer)) return { address: peer, secure: tls, proxied: false };
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(plain).filter((h): h is string => h !== undefined);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(hops[i]) === 0) break;
    client = hops[i];
    if (!trusted.allows(client)) break;
  }
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
  return { address: client, secure: tls || proto === 'https', proxied: true };
}

/** Express middleware: computes the client view once per request (before anything reads the address). */
export function trustProxy(trusted: PeerAllowList) {
  return (req: Request, _res: Response, next: NextFunction) => {
    (req as WithClientView).vigilClient = clientOf(req, trusted);
    next();
  };
}
