import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canMoveCourse, COURSE_STATUSES, createsPrerequisiteCycle } from './course.types.js';
import { acceptsEnrolment, closedAs, isOfferingClosed, OFFERING_STATUSES, offeringDateProblems, offeringStatus, type OfferingTimeline } from './offering.rules.js';

describe('course lifecycle rules', () => {
  it('publishes a draft or an archived course, and archives a draft or a published one', () => {
    assert.equal(canMoveCourse('draft', 'published'), true);
    assert.equal(canMoveCourse('archived', 'published'), true);
    assert.equal(canMoveCourse('published', 'archived'), true);
    assert.equal(canMoveCourse('draft', 'archived'), true);
  });

  it('never repeats a status and never goes back to draft', () => {
    for (const status of COURSE_STATUSES) {
      assert.equal(canMoveCourse(status, status), false, `${status} → ${status}`);
      assert.equal(canMoveCourse(status, 'draft'), false, `${status} → draft`);
    }
  });
});

describe('prerequisite cycles', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds none when the new prerequisites never lead back to the course', () => {
    assert.equal(createsPrerequisiteCycle('A', [], graph({})), false);
    assert.equal(createsPrerequisiteCycle('A', ['B'], graph({ B: ['C'], C: [] })), false);
    // A diamond is not a cycle: D reached twice through B and C.
    assert.equal(createsPrerequisiteCycle('A', ['B', 'C'], graph({ B: ['D'], C: ['D'], D: [] })), false);
  });

  it('sees a course that requires itself', () => {
    assert.equal(createsPrerequisiteCycle('A', ['A'], graph({})), true);
  });

  it('sees a direct cycle: B already requires A, so A cannot require B', () => {
    assert.equal(createsPrerequisiteCycle('A', ['B'], graph({ B: ['A'] })), true);
  });

  it('sees a longer cycle through the existing prerequisites', () => {
    assert.equal(createsPrerequisiteCycle('A', ['X', 'B'], graph({ X: [], B: ['C'], C: ['D'], D: ['A'] })), true);
  });

  it('ignores the course’s own current prerequisites and unrelated cycles', () => {
    // A requires Z today; replacing that with B is fine. An existing loop elsewhere does not hang or count.
    assert.equal(createsPrerequisiteCycle('A', ['B'], graph({ A: ['Z'], B: ['P'], P: ['Q'], Q: ['P'] })), false);
  });
});

describe('offering status', () => {
  const opens = new Date('2026-01-05T08:00:00Z');
  const closes = new Date('2026-02-20T17:00:00Z');
  const timeline = (fields: Partial<OfferingTimeline> = {}): OfferingTimeline => ({
    enrollmentOpensAt: opens,
    enrollmentClosesAt: closes,
    cancelledAt: null,
    completedAt: null,
    ...fields,
  });

  it('is scheduled before the enrolment window, open inside it, in progress after it', () => {
    assert.equal(offeringStatus(timeline(), new Date('2026-01-05T07:59:59Z')), 'scheduled');
    assert.equal(offeringStatus(timeline(), opens), 'open', 'the window opens at enrollmentOpensAt');
    assert.equal(offeringStatus(timeline(), new Date('2026-02-01T00:00:00Z')), 'open');
    assert.equal(offeringStatus(timeline(), closes), 'in_progress', 'the window is closed at enrollmentClosesAt');
    assert.equal(offeringStatus(timeline(), new Date('2027-01-01T00:00:00Z')), 'in_progress');
  });

  it('is completed once finalised and cancelled once cancelled, whatever the date', () => {
    const inWindow = new Date('2026-02-01T00:00:00Z');
    assert.equal(offeringStatus(timeline({ completedAt: inWindow }), inWindow), 'completed');
    assert.equal(offeringStatus(timeline({ cancelledAt: inWindow }), new Date('2025-01-01T00:00:00Z')), 'cancelled');
    assert.equal(offeringStatus(timeline({ cancelledAt: inWindow, completedAt: inWindow }), inWindow), 'cancelled');
  });
});

describe('closed offerings and the enrolment window', () => {
  it('calls an offering closed once it is completed or cancelled, and only then', () => {
    assert.deepEqual(OFFERING_STATUSES.filter(isOfferingClosed), ['completed', 'cancelled']);
  });

  it('closes an offering (and its results) once it is cancelled or finalised, cancelled first', () => {
    const day = new Date('2026-03-01T00:00:00Z');
    assert.equal(closedAs({ cancelledAt: null, completedAt: null }), null);
    assert.equal(closedAs({ cancelledAt: null, completedAt: day }), 'completed');
    assert.equal(closedAs({ cancelledAt: day, completedAt: day }), 'cancelled');
  });

  it('lets trainees enrol while the window is open, and admins at any time before the offering closes', () => {
    assert.deepEqual(OFFERING_STATUSES.filter((status) => acceptsEnrolment(status, false)), ['open']);
    assert.deepEqual(OFFERING_STATUSES.filter((status) => acceptsEnrolment(status, true)), ['scheduled', 'open', 'in_progress']);
  });
});

describe('offering date rules', () => {
  const dates = (fields: Partial<Parameters<typeof offeringDateProblems>[0]> = {}) => ({
    startsOn: '2026-03-02',
    endsOn: '2026-03-13',
    enrollmentOpensAt: new Date('2026-01-05T08:00:00Z'),
    enrollmentClosesAt: new Date('2026-02-20T17:00:00Z'),
    ...fields,
  });

  it('accepts consistent dates, a one-day course, and dates in the past', () => {
    assert.deepEqual(offeringDateProblems(dates()), []);
    assert.deepEqual(offeringDateProblems(dates({ startsOn: '2026-03-02', endsOn: '2026-03-02' })), []);
    assert.deepEqual(
      offeringDateProblems({
        startsOn: '2019-05-06',
        endsOn: '2019-05-17',
        enrollmentOpensAt: new Date('2019-03-01T00:00:00Z'),
        enrollmentClosesAt: new Date('2019-04-30T00:00:00Z'),
      }),
      [],
    );
  });

  it('refuses a course that ends before it starts', () => {
    const problems = offeringDateProblems(dates({ startsOn: '2026-03-14', endsOn: '2026-03-13' }));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /startsOn/);
  });

  it('refuses an enrolment window that does not open before it closes', () => {
    const same = new Date('2026-02-20T17:00:00Z');
    assert.equal(offeringDateProblems(dates({ enrollmentOpensAt: same, enrollmentClosesAt: same })).length, 1);
    const backwards = offeringDateProblems(dates({ enrollmentOpensAt: new Date('2026-02-21T00:00:00Z') }));
    assert.equal(backwards.length, 1);
    assert.match(backwards[0]!, /enrollmentOpensAt/);
  });

  it('reports every problem at once', () => {
    const problems = offeringDateProblems(
      dates({ startsOn: '2026-04-01', endsOn: '2026-03-01', enrollmentOpensAt: new Date('2026-03-01T00:00:00Z'), enrollmentClosesAt: new Date('2026-01-01T00:00:00Z') }),
    );
    assert.equal(problems.length, 2);
  });
});
