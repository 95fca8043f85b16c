import { type DynamicModule, Module } from '@nestjs/common';
import { IssuerKeysModule } from '@amahoro/certificates/issuer-keys.module.js';
import { AppConfigModule } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { DatabaseModule } from '@amahoro/database/database.module.js';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { RedisModule } from '@amahoro/queue/redis.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CoursesModule } from './courses/courses.module.js';
import { EnrollmentsModule } from './enrollments/enrollments.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { CalendarsModule } from './calendars/calendars.module.js';
import { NominationsModule } from './nominations/nominations.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { DemoModule } from './demo/demo.module.js';
import { HealthModule } from './health/health.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SystemController } from './system/system.controller.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, RedisModule, QueueModule, AuthModule, UsersModule, CoursesModule, EnrollmentsModule, AssessmentsModule, IssuerKeysModule, CertificatesModule, AuditModule, ReportsModule, NotificationsModule, AccountsModule, CalendarsModule, NominationsModule, HealthModule, DemoModule],
      controllers: [SystemController],
    };
  }
}
