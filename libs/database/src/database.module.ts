import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { dataSourceOptions } from './data-source-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Connection problems are caught before start-up (assertDatabaseReachable), so no retry loop here.
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databaseUrl, config.database), retryAttempts: 1, retryDelay: 500 }),
    }),
  ],
})
export class DatabaseModule {}
