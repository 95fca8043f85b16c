import { Module } from '@nestjs/common';
import { DEMO_ACADEMY } from '@amahoro/demo/demo-academy.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [UsersModule], providers: [{ provide: DEMO_ACADEMY, useClass: DemoSeeder }] })
export class DemoModule {}
