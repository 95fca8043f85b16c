import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '@amahoro/config/config.js';
import { createLogger, NestPinoLogger } from '@amahoro/logging/logger.js';
import { WorkerModule } from './worker.module.js';

/** The queue worker: a Nest context with no HTTP. Closing it closes the BullMQ workers, which first finish the job in hand. */
export async function createWorker(config: AppConfig, logger: Logger = createLogger(config.logLevel, 'worker')): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new NestPinoLogger(logger) });
  await app.init();
  return app;
}
