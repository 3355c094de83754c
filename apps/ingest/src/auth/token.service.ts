import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ErrorCodes, type SessionUser } from '@vigil/contracts';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { ApiError } from '../common/api-error';
import { SessionsService } from './sessions.service';

/** A signed-in user with the session their token belongs to. */
export type AuthedUser = SessionUser & { sessionId: string; expiresAt: number };

/** A session lasts a shift; logout, password change or an admin ends it sooner. */
export const SESSION_TTL_MS = 12 * 3_600_000;

/**
 * Signs and verifies session JWTs. A token is accepted only with an expiry and a session id whose
 * server-side session is still active. Without JWT_SECRET, a secret is generated once and kept in VIGIL_DATA_DIR.
 */
@Injectable()
export class TokenService {
  private readonly secret: string;

  constructor(
    @Inject(ENV) env: Env,
    private readonly sessions: SessionsService,
  ) {
    this.secret = env.JWT_SECRET ?? TokenService.storedSecret(env.VIGIL_DATA_DIR);
  }

  private static storedSecret(dataDir: string): string {
    if (dataDir === 'memory://') return randomBytes(32).toString('hex');
    const dir = resolve(dataDir);
    const file = join(dir, 'jwt-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }

  async issue(user: SessionUser, address: string | undefined): Promise<string> {
    const session = await this.sessions.open(user.id, SESSION_TTL_MS, address);
    return jwt.sign({ sub: user.id, sid: session.id, username: user.username, displayName: user.displayName, role: user.role, wardIds: user.wardIds }, this.secret, {
      expiresIn: Math.floor(SESSION_TTL_MS / 1000),
      algorithm: 'HS256',
    });
  }

  async verify(token: string | undefined): Promise<AuthedUser> {
    if (!token) throw new ApiError(401, ErrorCodes.AuthRequired, 'sign in first: send Authorization: Bearer <token> from POST /api/auth/login');
    let p: jwt.JwtPayload;
    try {
      p = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    } catch {
      throw new ApiError(401, ErrorCodes.AuthRequired, 'the session token is invalid or expired: sign in again');
    }
    // A token without expiry or session would never end: refused even when correctly signed.
    if (typeof p.exp !== 'number' || typeof p['sid'] !== 'string' || typeof p.sub !== 'string') {
      throw new ApiError(401, ErrorCodes.AuthRequired, 'the session token has no expiry or session: sign in again');
    }
    if (!(await this.sessions.isActive(p['sid'], p.sub))) throw new ApiError(401, ErrorCodes.AuthRequired, 'the session has ended (signed out, revoked or expired): sign in again');
    return { id: p.sub, username: p['username'], displayName: p['displayName'], role: p['role'], wardIds: p['wardIds'] ?? [], sessionId: p['sid'], expiresAt: p.exp * 1000 };
  }
}
