import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { UsersService } from '../auth/users.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { DEMO_DEVICE_KEY_ID, DEMO_PASSWORD, DEMO_USERS } from '../demo/demo-ward';

/**
 * Outside demo mode: removes the demo accounts that still have the public demo password and the demo
 * device key (a database once run as the demo must not keep them), then makes sure there is an admin:
 * the first one comes from VIGIL_ADMIN_PASSWORD, and every outcome is said in the log, never silently.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Admin');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
  ) {}

  async onApplicationBootstrap() {
    if (this.env.demo) return;
    await this.removeDemoCredentials();
    const admin = await this.users.exists('admin');
    if (this.env.VIGIL_ADMIN_PASSWORD && !admin) {
      await this.users.upsert({ id: 'u-admin', username: 'admin', displayName: 'Administrator', role: 'admin', wardIds: [], password: this.env.VIGIL_ADMIN_PASSWORD });
      this.logger.warn('created user "admin" from VIGIL_ADMIN_PASSWORD; sign in, change the password (POST /api/auth/password), create the other accounts with POST /api/admin/users, and remove VIGIL_ADMIN_PASSWORD from the environment');
    } else if (this.env.VIGIL_ADMIN_PASSWORD) {
      this.logger.warn('VIGIL_ADMIN_PASSWORD is set but user "admin" exists: it is not used (change passwords with POST /api/auth/password); remove it from the environment');
    } else if (!(await this.users.anyActiveAdmin())) {
      this.logger.error('no admin account: nobody can create users or device keys. Set VIGIL_ADMIN_PASSWORD (12+ characters) and restart to create user "admin"');
    }
  }

  private async removeDemoCredentials() {
    for (const u of DEMO_USERS) {
      if (await this.users.hasPassword(u.id, DEMO_PASSWORD)) {
        await this.users.remove(u.id);
        this.logger.warn(`demo mode is off: removed demo account "${u.username}" (it still had the public demo password)`);
      }
    }
    if (await this.keys.exists(DEMO_DEVICE_KEY_ID)) {
      await this.keys.remove(DEMO_DEVICE_KEY_ID);
      this.logger.warn('demo mode is off: removed the demo device key');
    }
  }
}
