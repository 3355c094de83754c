import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ErrorCodes, loginRequestSchema, toFieldErrors, type LoginResponse, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { UsersService } from './users.service';
import { TokenService, type AuthedUser } from './token.service';
import { AuthGuard } from './auth.guard';
import { SessionsService } from './sessions.service';
import { LoginLockoutService, addressKey, userKey } from './login-lockout.service';
import { passwordSchema } from './password-policy';
import { SecurityAuditService, addressOf, userActor } from './security-audit.service';

export const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });


type AuthedRequest = Request & { user: AuthedUser };

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly audit: SecurityAuditService,
    private readonly lockout: LoginLockoutService,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<LoginResponse> {
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { username, password }', toFieldErrors(parsed.error));
    const address = addressOf(req) ?? 'unknown';
    const username = parsed.data.username.slice(0, 100).toLowerCase();
    const wait = await this.lockout.retryAfterMs([userKey(username), addressKey(address)]);
    if (wait > 0) {
      await this.audit.record({ actor: `anonymous:${username}`, action: 'auth.login', outcome: 'refused', address, detail: { reason: 'locked' } });
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ApiError(429, ErrorCodes.AuthLocked, `too many failed sign-ins for this user or address: try again in ${Math.ceil(wait / 60_000)} min`);
    }
    let user: SessionUser;
    try {
      user = await this.users.authenticate(parsed.data.username, parsed.data.password);
    } catch (e) {
      const locked = await this.lockout.fail(username, address);
      await this.audit.record({ actor: `anonymous:${username}`, action: 'auth.login', outcome: 'failed', address, detail: { reason: (e as ApiError).code ?? 'error', ...(locked ? { locked } : {}) } });
      throw e;
    }
    await this.lockout.succeed(username);
    const token = await this.tokens.issue(user, address);
    await this.audit.record({ actor: userActor(user), action: 'auth.login', outcome: 'ok', address });
    return { token, user };
  }

  /** Ends this session: the token stops working and the session's sockets are disconnected. */
  @Post('logout')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  async logout(@Req() req: AuthedRequest) {
    await this.sessions.revoke(req.user.sessionId);
    await this.audit.record({ actor: userActor(req.user), action: 'auth.logout', outcome: 'ok', address: addressOf(req) });
    return { ok: true };
  }

  /** Changes one's own password; every other session of the user ends. */
  @Post('password')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  async changePassword(@Req() req: AuthedRequest, @Body() body: unknown) {
    const parsed = passwordChangeSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { currentPassword, newPassword } (12+ characters)', toFieldErrors(parsed.error));
    if (!(await this.users.verify(req.user.id, parsed.data.currentPassword))) {
      await this.audit.record({ actor: userActor(req.user), action: 'auth.password_change', outcome: 'failed', address: addressOf(req) });
      throw new ApiError(403, ErrorCodes.AuthInvalid, 'the current password is wrong');
    }
    await this.users.setPassword(req.user.id, parsed.data.newPassword);
    const ended = await this.sessions.revokeAllOf(req.user.id, req.user.sessionId);
    await this.audit.record({ actor: userActor(req.user), action: 'auth.password_change', target: `user:${req.user.id}`, outcome: 'ok', address: addressOf(req), detail: { sessionsEnded: ended } });
    return { ok: true, sessionsEnded: ended };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  me(@Req() req: AuthedRequest): SessionUser {
    const { id, username, displayName, role, wardIds } = req.user;
    return { id, username, displayName, role, wardIds };
  }
}
