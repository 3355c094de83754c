import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { UsersService } from '../auth/users.service';

/** Without the demo, the first admin comes from VIGIL_ADMIN_PASSWORD; everyone else is created through /api/admin. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Admin');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap() {
    if (!this.env.VIGIL_ADMIN_PASSWORD || (await this.users.exists('admin'))) return;
    await this.users.upsert({ id: 'u-admin', username: 'admin', displayName: 'Administrator', role: 'admin', wardIds: [], password: this.env.VIGIL_ADMIN_PASSWORD });
    this.logger.warn('created user "admin" from VIGIL_ADMIN_PASSWORD; create the other accounts with POST /api/admin/users');
  }
}
