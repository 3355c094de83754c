import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TokenService, type AuthedUser } from './token.service';
import { bearerToken } from './bearer-token';

/** Requires a signed-in user (Bearer JWT of an active session); puts it on req.user. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthedUser }>();
    req.user = await this.tokens.verify(bearerToken(req.headers.authorization));
    return true;
  }
}
