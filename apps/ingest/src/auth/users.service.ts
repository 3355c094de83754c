import { Inject, Injectable } from '@nestjs/common';
import { ErrorCodes, type Role, type SessionUser } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { hashPassword, verifyPassword } from './password-hash';

@Injectable()
export class UsersService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async authenticate(username: string, password: string): Promise<SessionUser> {
    const row = await this.prisma.user.findUnique({ where: { username } });
    // Verify against a dummy hash when the user is unknown so timing does not reveal usernames.
    const ok = await verifyPassword(password, row?.passwordHash ?? 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    if (!row || !ok) throw new ApiError(401, ErrorCodes.AuthInvalid, 'wrong username or password');
    if (row.disabled) throw new ApiError(403, ErrorCodes.AuthDisabled, 'this account is disabled: ask an admin');
    return { id: row.id, username: row.username, displayName: row.displayName, role: row.role as Role, wardIds: row.wardIds };
  }

  async upsert(user: { id: string; username: string; displayName: string; role: Role; wardIds: string[]; password: string }) {
    const passwordHash = await hashPassword(user.password);
    const data = { username: user.username, displayName: user.displayName, role: user.role, wardIds: user.wardIds, passwordHash };
    await this.prisma.user.upsert({ where: { id: user.id }, create: { id: user.id, ...data }, update: data });
  }

  async list() {
    const rows = await this.prisma.user.findMany({ orderBy: { username: 'asc' } });
    return rows.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, wardIds: u.wardIds, disabled: u.disabled, createdAt: u.createdAt.toISOString() }));
  }

  async verify(id: string, password: string): Promise<boolean> {
    return this.hasPassword(id, password);
  }

  async setPassword(id: string, password: string) {
    await this.prisma.user.update({ where: { id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  }

  /** True when the user exists. */
  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    return (await this.prisma.user.updateMany({ where: { id }, data: { disabled } })).count > 0;
  }

  async hasPassword(id: string, password: string): Promise<boolean> {
    const row = await this.prisma.user.findUnique({ where: { id } });
    return !!row && (await verifyPassword(password, row.passwordHash));
  }

  async remove(id: string) {
    await this.prisma.user.deleteMany({ where: { id } });
  }

  async anyActiveAdmin(): Promise<boolean> {
    return (await this.prisma.user.count({ where: { role: 'admin', disabled: false } })) > 0;
  }

  async exists(username: string) {
    return (await this.prisma.user.count({ where: { username } })) > 0;
  }
}
