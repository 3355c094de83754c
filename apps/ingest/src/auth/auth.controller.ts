import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCodes, loginRequestSchema, toFieldErrors, type LoginResponse, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { UsersService } from './users.service';
import { TokenService } from './token.service';
import { AuthGuard } from './auth.guard';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown): Promise<LoginResponse> {
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { username, password }', toFieldErrors(parsed.error));
    const user = await this.users.authenticate(parsed.data.username, parsed.data.password);
    return { token: this.tokens.sign(user), user };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  me(@Req() req: Request & { user: SessionUser }): SessionUser {
    return req.user;
  }
}
