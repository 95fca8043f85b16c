import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { DatabaseModule } from '@amahoro/database/database.module.js';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { SystemProcessor } from './system.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule],
      providers: [SystemProcessor],
    };
  }
}
