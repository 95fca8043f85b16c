import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves when PostgreSQL answers. Straight on the driver's pool: a TypeORM query runner per probe costs more than the probe. */
  ping(): Promise<unknown> {
    return (this.db.driver as unknown as { master: { query(sql: string): Promise<unknown> } }).master.query('SELECT 1');
  }
}
