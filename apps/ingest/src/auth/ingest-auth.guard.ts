import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCodes, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { TokenService } from './token.service';
import { ApiKeysService } from './api-keys.service';
import { bearerToken } from './bearer-token';

/** Ingest routes accept a device key (X-Api-Key) or a signed-in user (charting by hand). */
@Injectable()
export class IngestAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: SessionUser; device?: string }>();
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') {
      const device = await this.keys.check(key);
      if (!device) throw new ApiError(401, ErrorCodes.AuthInvalid, 'unknown X-Api-Key: ask an admin for a device key');
      req.device = device;
      return true;
    }
    req.user = this.tokens.verify(bearerToken(req.headers.authorization));
    return true;
  }
}
