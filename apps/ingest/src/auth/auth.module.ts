import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AdminController } from '../admin/admin.controller';
import { AdminBootstrapService } from '../admin/admin-bootstrap.service';
import { AuthGuard } from './auth.guard';
import { IngestAuthGuard } from './ingest-auth.guard';
import { TokenService } from './token.service';
import { UsersService } from './users.service';
import { ApiKeysService } from './api-keys.service';
import { SessionsService } from './sessions.service';
import { SecurityAuditService } from './security-audit.service';
import { LoginLockoutService } from './login-lockout.service';

@Global()
@Module({
  controllers: [AuthController, AdminController],
  providers: [TokenService, UsersService, ApiKeysService, SessionsService, SecurityAuditService, LoginLockoutService, AuthGuard, IngestAuthGuard, AdminBootstrapService],
  exports: [TokenService, UsersService, ApiKeysService, SessionsService, SecurityAuditService, AuthGuard, IngestAuthGuard],
})
export class AuthModule {}
