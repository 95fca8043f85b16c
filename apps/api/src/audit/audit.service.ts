import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Page } from '../common/pagination.js';
import type { AuditQuery, AuditRecord } from './dto/audit.dto.js';

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: AuditQuery): Promise<Page<AuditRecord>> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.actorId) where('a.actor_id = ?', query.actorId);
    if (query.entity) where('a.entity = ?', query.entity);
    if (query.entityId) where('a.entity_id = ?', query.entityId);
    if (query.action) where('a.action = ?', query.action);
    if (query.from) where(`a.occurred_at >= ?::date`, query.from);
    if (query.to) where(`a.occurred_at < ?::date + 1`, query.to);
    const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [rows, [count]] = await Promise.all([
      this.db.query(
        `SELECT a.id::text, a.occurred_at, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id, a.hash,
                u.id AS actor_id, u.email, u.full_name
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ${filter}
          ORDER BY a.id DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
        values,
      ) as Promise<Array<Record<string, never>>>,
      this.db.query(`SELECT count(*)::int AS n FROM audit_log a ${filter}`, values) as Promise<Array<{ n: number }>>,
    ]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: (row.occurred_at as Date).toISOString(),
        actor: row.actor_id ? { id: row.actor_id, email: row.email, fullName: row.full_name } : undefined,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
        requestId: row.request_id ?? undefined,
        hash: row.hash ?? undefined,
      })),
      total: count!.n,
      page: query.page,
      limit: query.limit,
    };
  }
}
