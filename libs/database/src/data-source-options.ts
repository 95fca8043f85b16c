import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { Assessment } from './entities/assessment.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Course } from './entities/course.entity.js';
import { Offering } from './entities/offering.entity.js';
import { Enrollment } from './entities/enrollment.entity.js';
import { User } from './entities/user.entity.js';

export const ENTITIES = [User, RefreshToken, Course, Offering, Enrollment, Assessment];

/**
 * A connection that cannot be opened in 1.5 s means PostgreSQL is out of reach: the request fails then (the
 * API answers 503) instead of waiting out the pool's longer wait for a free connection.
 */
class BoundedConnectClient extends pg.Client {
  constructor(config: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: 1500 });
  }
}

// dist/libs/database/src → dist/migrations
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: [join(migrationsDir, '*.js')],
    migrationsTableName: 'migrations',
    synchronize: false,
    // Waiting for a free connection under load may take a while (a burst of 200 enrolments on one offering queues
    // behind its row lock, longer still on a busy machine); opening one may not (BoundedConnectClient), so an
    // outage still answers 503 within 2 s.
    extra: { max: 20, connectionTimeoutMillis: 30_000, Client: BoundedConnectClient },
  };
}
