import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { UsersService } from '../auth/users.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { EventStoreService } from '../events/event-store.service';
import { SYSTEM_ORIGIN } from '../auth/sender';
import { DEMO_DEVICE_KEY_ID, DEMO_DEVICE_KEY, DEMO_PASSWORD, DEMO_STEP_SECONDS, DEMO_USERS, DEMO_WARD, demoAdmissions, demoStep } from './demo-ward';

/** With VIGIL_DEMO on: seeds the demo ward, users and device key, and streams the built-in scenario. */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');
  private timer: NodeJS.Timeout | null = null;
  private step = 0;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
    private readonly store: EventStoreService,
  ) {}

  async onApplicationBootstrap() {
    if (!this.env.demo) return;
    await this.prisma.ward.upsert({ where: { id: DEMO_WARD.id }, create: DEMO_WARD, update: { name: DEMO_WARD.name } });
    for (const u of DEMO_USERS) if (!(await this.users.exists(u.username))) await this.users.upsert({ ...u, password: DEMO_PASSWORD });
    await this.keys.create(DEMO_DEVICE_KEY_ID, 'demo device', DEMO_DEVICE_KEY, ['adt']);
    // Admitted once: a restart does not send the admissions again (the same ids at another time would be refused as corrections).
    const admissions = demoAdmissions(new Date());
    const stored = new Set((await this.prisma.clinicalEvent.findMany({ where: { id: { in: admissions.map((a) => a.id) } }, select: { id: true } })).map((r) => r.id));
    await this.store.append(admissions.filter((a) => !stored.has(a.id)), SYSTEM_ORIGIN('demo'));
    if (!this.env.VIGIL_DEMO_STREAM) return;
    const period = (DEMO_STEP_SECONDS * 1000) / this.env.VIGIL_DEMO_SPEED;
    this.timer = setInterval(() => {
      const events = demoStep(++this.step, new Date());
      this.store.append(events, SYSTEM_ORIGIN('demo')).catch((e) => this.logger.warn(`demo stream paused: ${(e as Error).message}`));
    }, period);
    this.logger.warn(`DEMO MODE: ward ${DEMO_WARD.id} streams a built-in scenario; logins ${DEMO_USERS.map((u) => u.username).join(', ')} / password "${DEMO_PASSWORD}"; device key "${DEMO_DEVICE_KEY}"`);
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
