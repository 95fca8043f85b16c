import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSourceOptions } from 'typeorm';
import { Assessment } from '@amahoro/domain/assessments/assessment.entity.js';
import { RefreshToken } from '@amahoro/domain/auth/refresh-token.entity.js';
import { Course } from '@amahoro/domain/courses/course.entity.js';
import { Offering } from '@amahoro/domain/courses/offering.entity.js';
import { Enrollment } from '@amahoro/domain/enrollments/enrollment.entity.js';
import { User } from '@amahoro/domain/users/user.entity.js';

export const ENTITIES = [User, RefreshToken, Course, Offering, Enrollment, Assessment];

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
    // A PostgreSQL out of reach fails a request in well under 2 s (503), never holds it.
    extra: { max: 20, connectionTimeoutMillis: 1500 },
  };
}
