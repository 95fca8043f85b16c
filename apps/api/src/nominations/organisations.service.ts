// Nominating authorities (ministries, police services, regional bodies) and their focal points. A focal point
// sees only its own organisation: any other answers 404, as if it did not exist.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/sql.js';
import type { CreateFocalPointDto, CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import type { FocalPointResponse, OrganisationResponse } from './dto/organisation.response.js';
import { NominationErrors } from './nominations.errors.js';
import { organisationView } from './nominations.views.js';
import * as repo from './organisations.repository.js';

/** A unique violation on these writes is the organisation's name, or the focal point's e-mail, taken. */
const taken = (error: () => Error) => (cause: unknown) => {
  throw isUniqueViolation(cause) ? error() : cause;
};

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createOrganisation(dto: CreateOrganisationDto, actor: AuthUser): Promise<OrganisationResponse> {
    const id = await this.db.transaction(async (tx) => {
      const created = await repo.insertOrganisation(tx, { name: dto.name, country: dto.country ?? null, kind: dto.kind }).catch(taken(NominationErrors.organisationNameTaken));
      await recordAudit(tx, [{ actorId: actor.id, action: 'organisation.created', entity: 'organisation', entityId: created, after: dto }], actor.requestId);
      return created;
    });
    return organisationView((await repo.findOrganisation(this.db, id))!);
  }

  async listOrganisations(actor: AuthUser, page: { limit: number; offset: number; page: number }): Promise<Page<OrganisationResponse>> {
    if (actor.role === 'focal_point') {
      const own = await repo.findOrganisation(this.db, (await repo.organisationOf(this.db, actor.id))!);
      return { items: own ? [organisationView(own)] : [], total: own ? 1 : 0, page: 1, limit: page.limit };
    }
    const { items, total } = await repo.listOrganisations(this.db, page);
    return { items: items.map(organisationView), total, page: page.page, limit: page.limit };
  }

  async getOrganisation(id: string, actor: AuthUser): Promise<OrganisationResponse> {
    if (actor.role === 'focal_point' && (await repo.organisationOf(this.db, actor.id)) !== id) throw NominationErrors.organisationNotFound();
    const found = await repo.findOrganisation(this.db, id);
    if (!found) throw NominationErrors.organisationNotFound();
    return organisationView(found);
  }

  async updateOrganisation(id: string, dto: UpdateOrganisationDto, actor: AuthUser): Promise<OrganisationResponse> {
    await this.db.transaction(async (tx) => {
      const before = await repo.findOrganisation(tx, id);
      if (!before) throw NominationErrors.organisationNotFound();
      await repo.updateOrganisation(tx, id, dto).catch(taken(NominationErrors.organisationNameTaken));
      await recordAudit(tx, [{ actorId: actor.id, action: 'organisation.updated', entity: 'organisation', entityId: id, before: { name: before.name, country: before.country, kind: before.kind }, after: dto }], actor.requestId);
    });
    return this.getOrganisation(id, actor);
  }

  /** A focal point: an account tied to the organisation, without a password, invited by e-mail to set one. */
  async addFocalPoint(organisationId: string, dto: CreateFocalPointDto, actor: AuthUser): Promise<FocalPointResponse> {
    const email = dto.email.toLowerCase();
    const id = await this.db.transaction(async (tx) => {
      const organisation = await repo.findOrganisation(tx, organisationId);
      if (!organisation) throw NominationErrors.organisationNotFound();
      const userId = await repo
        .insertFocalPoint(tx, { email, fullName: dto.fullName, organisationId, preferredLanguage: dto.preferredLanguage ?? 'en', country: organisation.country, organisationName: organisation.name })
        .catch(taken(NominationErrors.focalPointEmailTaken));
      await issueAccountToken(tx, userId, 'invite', this.config.jwt.accessSecret);
      await recordAudit(tx, [{ actorId: actor.id, action: 'user.created', entity: 'user', entityId: userId, after: { email, fullName: dto.fullName, role: 'focal_point', organisationId } }], actor.requestId);
      return userId;
    });
    return { id, email, fullName: dto.fullName, role: 'focal_point', organisationId };
  }
}
