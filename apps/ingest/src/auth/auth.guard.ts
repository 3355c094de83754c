import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '@vigil/contracts';
import { TokenService } from './token.service';
import { bearerToken } from './bearer-token';

/** Requires a signed-in user (Bearer JWT); puts it on req.user. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: SessionUser }>();
    req.user = this.tokens.verify(bearerToken(req.headers.authorization));
    return true;
  }
}
