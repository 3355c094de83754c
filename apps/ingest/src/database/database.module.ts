import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { openDatabase, type DatabaseConnection } from './database-connection';
import { DATABASE, PRISMA } from './prisma.token';

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [ENV],
      useFactory: async (env: Env) => {
        const logger = new Logger('Database');
        const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.VIGIL_DATA_DIR, log: (l) => logger.log(l) });
        logger.log(`using ${db.kind} at ${db.where}`);
        return db;
      },
    },
    { provide: PRISMA, inject: [DATABASE], useFactory: (db: DatabaseConnection) => db.prisma },
  ],
  exports: [DATABASE, PRISMA],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: DatabaseConnection) {}

  async onApplicationShutdown() {
    await this.db.close();
  }
}
