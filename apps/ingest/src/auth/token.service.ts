import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ErrorCodes, type SessionUser } from '@vigil/contracts';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { ApiError } from '../common/api-error';

/** Signs and verifies session JWTs. Without JWT_SECRET, a secret is generated once and kept in VIGIL_DATA_DIR. */
@Injectable()
export class TokenService {
  private readonly secret: string;

  constructor(@Inject(ENV) env: Env) {
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

  sign(user: SessionUser): string {
    return jwt.sign({ sub: user.id, username: user.username, displayName: user.displayName, role: user.role, wardIds: user.wardIds }, this.secret, {
      expiresIn: '12h',
      algorithm: 'HS256',
    });
  }

  verify(token: string | undefined): SessionUser {
    if (!token) throw new ApiError(401, ErrorCodes.AuthRequired, 'sign in first: send Authorization: Bearer <token> from POST /api/auth/login');
    try {
      const p = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      return { id: String(p.sub), username: p['username'], displayName: p['displayName'], role: p['role'], wardIds: p['wardIds'] ?? [] };
    } catch {
      throw new ApiError(401, ErrorCodes.AuthRequired, 'the session token is invalid or expired: sign in again');
    }
  }
}
