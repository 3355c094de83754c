import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { ErrorCodes, roles, toFieldErrors, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { UsersService } from '../auth/users.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { passwordSchema } from '../auth/password-policy';
import { SessionsService } from '../auth/sessions.service';
import { SecurityAuditService, addressOf, userActor } from '../auth/security-audit.service';

export const newUserSchema = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  wardIds: z.array(z.string().min(1)).default([]),
  password: passwordSchema,
});
export const newKeySchema = z.object({ name: z.string().trim().min(2).max(100), scopes: z.array(z.enum(['adt', 'replay'])).max(2).default([]) });

type AuthedRequest = Request & { user: SessionUser };

/** Accounts and device keys. Admins only; a key is shown once, only its hash is stored. */
@Controller('api/admin')
@UseGuards(AuthGuard)
export class AdminController {
  constructor(
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly audit: SecurityAuditService,
  ) {}

  @Get('users')
  async listUsers(@Req() req: AuthedRequest) {
    this.requireAdmin(req.user);
    return this.users.list();
  }

  @Post('users')
  @HttpCode(201)
  async createUser(@Req() req: AuthedRequest, @Body() body: unknown) {
    this.requireAdmin(req.user);
    const parsed = newUserSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'invalid user', toFieldErrors(parsed.error));
    if (await this.users.exists(parsed.data.username)) throw new ApiError(409, ErrorCodes.BodyInvalid, `user ${parsed.data.username} exists`);
    const id = `u-${randomUUID()}`;
    await this.users.upsert({ id, ...parsed.data });
    const { password: _password, ...user } = parsed.data;
    await this.audit.record({ actor: userActor(req.user), action: 'admin.user_create', target: `user:${id}`, outcome: 'ok', address: addressOf(req), detail: { username: user.username, role: user.role, wardIds: user.wardIds } });
    return { id, ...user };
  }

  @Post('api-keys')
  @HttpCode(201)
  async createKey(@Req() req: AuthedRequest, @Body() body: unknown) {
    this.requireAdmin(req.user);
    const parsed = newKeySchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { name }', toFieldErrors(parsed.error));
    const id = `k-${randomUUID()}`;
    const key = `vgl_${randomBytes(24).toString('base64url')}`;
    await this.keys.create(id, parsed.data.name, key, parsed.data.scopes);
    await this.audit.record({ actor: userActor(req.user), action: 'admin.key_create', target: `key:${id}`, outcome: 'ok', address: addressOf(req), detail: { name: parsed.data.name, scopes: parsed.data.scopes } });
    return { id, name: parsed.data.name, scopes: parsed.data.scopes, key, note: 'store this key now: it is not shown again' };
  }

  @Get('api-keys')
  async listKeys(@Req() req: AuthedRequest) {
    this.requireAdmin(req.user);
    return this.keys.list();
  }

  /** A revoked key is refused from the next request on (the key cache is cleared). */
  @Post('api-keys/:id/revoke')
  @HttpCode(200)
  async revokeKey(@Req() req: AuthedRequest, @Param('id') id: string) {
    this.requireAdmin(req.user);
    if (!(await this.keys.revoke(id))) throw new ApiError(404, ErrorCodes.BodyInvalid, `no active key ${id}`);
    await this.audit.record({ actor: userActor(req.user), action: 'admin.key_revoke', target: `key:${id}`, outcome: 'ok', address: addressOf(req) });
    return { id, revoked: true };
  }

  /** A disabled user cannot sign in; their sessions end and their sockets are disconnected. */
  @Post('users/:id/disable')
  @HttpCode(200)
  async disableUser(@Req() req: AuthedRequest, @Param('id') id: string) {
    this.requireAdmin(req.user);
    if (id === req.user.id) throw new ApiError(409, ErrorCodes.BodyInvalid, 'you cannot disable yourself');
    if (!(await this.users.setDisabled(id, true))) throw new ApiError(404, ErrorCodes.BodyInvalid, `no user ${id}`);
    const ended = await this.sessions.revokeAllOf(id);
    await this.audit.record({ actor: userActor(req.user), action: 'admin.user_disable', target: `user:${id}`, outcome: 'ok', address: addressOf(req), detail: { sessionsEnded: ended } });
    return { id, disabled: true, sessionsEnded: ended };
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  async enableUser(@Req() req: AuthedRequest, @Param('id') id: string) {
    this.requireAdmin(req.user);
    if (!(await this.users.setDisabled(id, false))) throw new ApiError(404, ErrorCodes.BodyInvalid, `no user ${id}`);
    await this.audit.record({ actor: userActor(req.user), action: 'admin.user_enable', target: `user:${id}`, outcome: 'ok', address: addressOf(req) });
    return { id, disabled: false };
  }

  /** Ends every session of a user (e.g. a lost phone) without disabling the account. */
  @Post('users/:id/revoke-sessions')
  @HttpCode(200)
  async revokeSessions(@Req() req: AuthedRequest, @Param('id') id: string) {
    this.requireAdmin(req.user);
    const ended = await this.sessions.revokeAllOf(id);
    await this.audit.record({ actor: userActor(req.user), action: 'admin.sessions_revoke', target: `user:${id}`, outcome: 'ok', address: addressOf(req), detail: { sessionsEnded: ended } });
    return { id, sessionsEnded: ended };
  }

  /** The newest security audit rows (admins only). */
  @Get('audit')
  async auditTrail(@Req() req: AuthedRequest, @Query('limit') limit?: string, @Query('action') action?: string) {
    this.requireAdmin(req.user);
    const n = Number(limit ?? 200);
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw new ApiError(400, ErrorCodes.BodyInvalid, 'limit must be a whole number from 1 to 5000');
    if (action !== undefined && typeof action !== 'string') throw new ApiError(400, ErrorCodes.BodyInvalid, 'action must be one value');
    return this.audit.recent(n, action);
  }

  private requireAdmin(user: SessionUser) {
    if (user.role !== 'admin') throw new ApiError(403, ErrorCodes.AuthForbidden, 'admins only');
  }
}
