import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { clientOf, type WithClientView } from '../common/client-address';
import type { PeerAllowList } from '../mllp/peer-allow-list';
import type { SecurityAuditService } from '../auth/security-audit.service';
import type { RedisFanOut } from './redis-fan-out';

/** Audit rows for refused origins: at most one per origin and address per minute (a hostile page retrying cannot flood the trail). */
const AUDIT_EVERY_MS = 60_000;
const AUDIT_MEMORY = 1_000;

/**
 * Whether a browser page from `origin` may open the live socket: the service's own origin (the Host
 * the request was sent to, or X-Forwarded-Host from a trusted proxy) or one listed in LIVE_ALLOWED_ORIGINS.
 */
export function originAllowed(origin: string, hosts: readonly (string | undefined)[], allowed: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" (sandboxed frames, file:)
  }
  if (allowed.has(url.origin)) return true;
  return hosts.some((h) => h !== undefined && h.toLowerCase() === url.host.toLowerCase());
}

/**
 * socket.io with an origin check at the handshake: a page on another site cannot open a live socket
 * (cross-site WebSocket hijacking; browsers send Origin and cannot forge it). Clients that send no
 * Origin are not browsers (CLI, monitors' gateways) and pass to the token check like everyone else.
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly allowed: ReadonlySet<string>;
  private readonly audited = new Map<string, number>();

  constructor(
    app: INestApplicationContext,
    allowedOrigins: string,
    private readonly trusted: PeerAllowList,
    private readonly audit: SecurityAuditService,
    /** Cluster: broadcasts go through Redis to every node's sockets (REDIS_URL). */
    private readonly fanOut?: RedisFanOut,
  ) {
    super(app);
    this.allowed = new Set(allowedOrigins.split(',').map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin));
  }

  override createIOServer(port: number, options?: ServerOptions) {
    return super.createIOServer(port, {
      ...options,
      // Polling from a listed origin needs CORS headers; same-origin needs none.
      cors: { origin: (origin, cb) => cb(null, origin !== undefined && this.allowed.has(origin)) },
      allowRequest: (req, cb) => cb(null, this.allows(req)),
      ...(this.fanOut ? { adapter: this.fanOut.adapter } : {}),
    } as ServerOptions);
  }

  private allows(req: IncomingMessage): boolean {
    const client = clientOf(req, this.trusted);
    (req as WithClientView).vigilClient = client;
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const forwardedHost = client.proxied ? String(req.headers['x-forwarded-host'] ?? '').split(',')[0].trim() || undefined : undefined;
    if (originAllowed(origin, [req.headers.host, forwardedHost], this.allowed)) return true;
    this.record(origin, client.address);
    return false;
  }

  private record(origin: string, address: string | undefined) {
    const key = `${origin.slice(0, 200)}|${address}`;
    const now = performance.now();
    if ((this.audited.get(key) ?? -Infinity) > now - AUDIT_EVERY_MS) return;
    if (this.audited.size >= AUDIT_MEMORY) this.audited.clear();
    this.audited.set(key, now);
    void this.audit.record({ actor: 'anonymous', action: 'live.origin_refused', outcome: 'refused', address, detail: { origin: origin.slice(0, 200) } });
  }
}
