// Response DTOs from the repositories' values: the allow-list of what a client sees.
import { callIsOpen } from '@amahoro/domain/nominations/nomination.rules.js';
import type { NominationCallResponse } from './dto/nomination-call.response.js';
import type { NominationResponse } from './dto/nomination.response.js';
import type { OrganisationResponse } from './dto/organisation.response.js';
import type { Allocation, NominationCall } from './nomination-calls.repository.js';
import type { Nomination } from './nominations.repository.js';
import type { Organisation } from './organisations.repository.js';

export function organisationView(o: Organisation): OrganisationResponse {
  return { id: o.id, name: o.name, country: o.country ?? undefined, kind: o.kind, focalPoints: o.focalPoints, createdAt: o.createdAt.toISOString() };
}

export function nominationView(n: Nomination): NominationResponse {
  return {
    id: n.id,
    offeringId: n.offeringId,
    organisationId: n.organisationId,
    status: n.status,
    candidate: {
      email: n.email,
      fullName: n.fullName,
      gender: n.gender,
      nationality: n.nationality,
      category: n.category,
      rank: n.rank ?? undefined,
      position: n.position ?? undefined,
      languages: n.languages,
    },
    priority: n.priority ?? undefined,
    problems: n.problems,
    nominatedBy: n.nominatedBy,
    enrollmentId: n.enrollmentId ?? undefined,
    replacesId: n.replacesId ?? undefined,
    createdAt: n.createdAt.toISOString(),
    decidedAt: n.decidedAt?.toISOString(),
    note: n.note ?? undefined,
  };
}

export function callView(call: NominationCall, allocations: Allocation[]): NominationCallResponse {
  return {
    offeringId: call.offeringId,
    courseTitle: call.courseTitle,
    startsOn: call.startsOn,
    endsOn: call.endsOn,
    opensAt: call.opensAt.toISOString(),
    closesAt: call.closesAt.toISOString(),
    open: callIsOpen(call, new Date()),
    parity: { rule: call.parityRule, targetWomenPercent: call.targetWomenPercent ?? undefined },
    eligibility: call.eligibility,
    allocations,
  };
}
