// The call for nominations of an offering: its window, the seats each organisation may fill, the parity rule
// and the eligibility rules. Admins set it; a focal point sees it only with an allocation, and only its own.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { lockOffering } from '../courses/seats.js';
import type { NominationCallDto } from './dto/nomination-call.dto.js';
import type { NominationCallResponse } from './dto/nomination-call.response.js';
import * as calls from './nomination-calls.repository.js';
import { NominationErrors } from './nominations.errors.js';
import { callView } from './nominations.views.js';
import { existingOrganisations, organisationOf } from './organisations.repository.js';

@Injectable()
export class NominationCallsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async saveCall(offeringId: string, dto: NominationCallDto, actor: AuthUser): Promise<NominationCallResponse> {
    if (new Date(dto.opensAt) >= new Date(dto.closesAt)) throw NominationErrors.callInvalid('opensAt must be before closesAt');
    const organisationIds = dto.allocations.map((a) => a.organisationId);
    if (new Set(organisationIds).size !== organisationIds.length) throw NominationErrors.callInvalid('an organisation appears twice in allocations');
    const eligibility = dto.eligibility ?? {};
    await this.db.transaction(async (tx) => {
      if (!(await lockOffering(tx, offeringId))) throw OfferingErrors.notFound();
      const known = await existingOrganisations(tx, organisationIds);
      const unknown = organisationIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw NominationErrors.callInvalid(`unknown organisations: ${unknown.join(', ')}`);
      const courses = await calls.existingCourses(tx, eligibility.requiredCourseIds ?? []);
      const missing = (eligibility.requiredCourseIds ?? []).filter((id) => !courses.has(id));
      if (missing.length > 0) throw NominationErrors.callInvalid(`unknown courses in requiredCourseIds: ${missing.join(', ')}`);
      const call = { opensAt: dto.opensAt, closesAt: dto.closesAt, parityRule: dto.parity.rule, targetWomenPercent: dto.parity.targetWomenPercent ?? null, eligibility, allocations: dto.allocations };
      await calls.saveCall(tx, offeringId, call);
      await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.call_saved', entity: 'offering', entityId: offeringId, after: call }], actor.requestId);
    });
    return this.getCall(offeringId, actor);
  }

  /** Admins see every allocation; a focal point sees the call only with an allocation, and only its own. */
  async getCall(offeringId: string, actor: AuthUser): Promise<NominationCallResponse> {
    const call = await calls.findCall(this.db, offeringId);
    if (!call) throw NominationErrors.callNotFound();
    if (actor.role === 'admin') return callView(call, await calls.allocationsOf(this.db, offeringId));
    const own = await calls.allocationsOf(this.db, offeringId, (await organisationOf(this.db, actor.id)) ?? undefined);
    if (actor.role !== 'focal_point' || own.length === 0) throw NominationErrors.callNotFound();
    return callView(call, own);
  }

  async myCalls(actor: AuthUser): Promise<NominationCallResponse[]> {
    const organisationId = (await organisationOf(this.db, actor.id))!;
    const open = await calls.openCallsFor(this.db, organisationId);
    return Promise.all(open.map(async (call) => callView(call, await calls.allocationsOf(this.db, call.offeringId, organisationId))));
  }
}
