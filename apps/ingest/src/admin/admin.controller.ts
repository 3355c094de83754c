import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { ErrorCodes, roles, toFieldErrors, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { UsersService } from '../auth/users.service';
import { ApiKeysService } from '../auth/api-keys.service';

const newUserSchema = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  wardIds: z.array(z.string().min(1)).default([]),
  password: z.string().min(10, 'at least 10 characters').max(200),
});
const newKeySchema = z.object({ name: z.string().trim().min(2).max(100), scopes: z.array(z.enum(['adt', 'replay'])).max(2).default([]) });

type AuthedRequest = Request & { user: SessionUser };

/** Accounts and device keys. Admins only; a key is shown once, only its hash is stored. */
@Controller('api/admin')
@UseGuards(AuthGuard)
export class AdminController {
  constructor(
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
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
    return { id, revoked: true };
  }

  private requireAdmin(user: SessionUser) {
    if (user.role !== 'admin') throw new ApiError(403, ErrorCodes.AuthForbidden, 'admins only');
  }
}
