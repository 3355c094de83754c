import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCodes } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { TokenService } from './token.service';
import { ApiKeysService } from './api-keys.service';
import { bearerToken } from './bearer-token';
import type { Sender } from './sender';

export type IngestRequest = Request & { sender?: Sender };

/** Ingest routes accept a device key (X-Api-Key) or a signed-in user (charting by hand); req.sender says which. */
@Injectable()
export class IngestAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<IngestRequest>();
    req.sender = await authenticateIngest(req, this.tokens, this.keys);
    return true;
  }
}

export async function authenticateIngest(req: Request, tokens: TokenService, keys: ApiKeysService): Promise<Sender> {
  const key = req.headers['x-api-key'];
  if (typeof key === 'string') {
    const device = await keys.check(key);
    if (!device) throw new ApiError(401, ErrorCodes.AuthInvalid, 'unknown or revoked X-Api-Key: ask an admin for a device key');
    return { kind: 'key', ...device };
  }
  return { kind: 'user', user: await tokens.verify(bearerToken(req.headers.authorization)) };
}
