import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENDERS, PARTICIPANT_CATEGORIES } from '@amahoro/domain/users/user.types.js';
import type { ReportFigures } from './dto/report.response.js';
import { breakdowns, byCourse, type GroupedFigures, NO_ENROLMENTS } from './reports.shaping.js';

const figures = (applied: number, women = 0): ReportFigures => ({
  ...NO_ENROLMENTS,
  applied,
  approved: applied,
  women,
  womenShare: applied ? (100 * women) / applied : null,
});
const row = (group: Partial<Omit<GroupedFigures, 'figures'>>, f: ReportFigures): GroupedFigures => ({
  courseId: null,
  gender: null,
  category: null,
  nationality: null,
  ...group,
  figures: f,
});

describe('report shaping', () => {
  it('lists every gender and category, zero where no one enrolled, and the nationalities present with unknown last', () => {
    const report = breakdowns([
      row({}, figures(3, 1)),
      row({ gender: 'female' }, figures(1, 1)),
      row({ gender: 'unknown' }, figures(2)),
      row({ category: 'police' }, figures(3, 1)),
      row({ nationality: 'unknown' }, figures(1)),
      row({ nationality: 'RWA' }, figures(1, 1)),
      row({ nationality: 'GHA' }, figures(1)),
    ]);
    assert.equal(report.totals.applied, 3);
    assert.deepEqual(report.byGender.map((g) => g.group), [...GENDERS, 'unknown']);
    assert.deepEqual(report.byGender.map((g) => g.applied), [...GENDERS.map((g) => (g === 'female' ? 1 : 0)), 2]);
    assert.deepEqual(report.byCategory.map((g) => g.group), [...PARTICIPANT_CATEGORIES, 'unknown']);
    assert.equal(report.byCategory.find((g) => g.group === 'military')?.womenShare, null);
    assert.deepEqual(report.byNationality.map((g) => g.group), ['GHA', 'RWA', 'unknown']);
    assert.deepEqual(report.womenShareByCategory.find((c) => c.category === 'police'), {
      category: 'police',
      applied: 3,
      women: 1,
      womenShare: 100 / 3,
      completed: 0,
      womenCompleted: 0,
      womenShareOfCompleted: null,
    });
  });

  it('gives zeros for a scope with no enrolment at all', () => {
    const report = breakdowns([]);
    assert.equal(report.totals.applied, 0);
    assert.equal(report.totals.passRate, null);
    assert.deepEqual(report.byNationality, []);
  });

  it('splits the summary rows into the total and each course', () => {
    const rows = [row({}, figures(5)), row({ courseId: 'a' }, figures(2)), row({ courseId: 'b' }, figures(3)), row({ courseId: 'a', gender: 'male' }, figures(2))];
    const { total, perCourse } = byCourse(rows);
    assert.deepEqual(total, [rows[0]]);
    assert.deepEqual([...perCourse.keys()], ['a', 'b']);
    assert.equal(perCourse.get('a')?.length, 2);
  });
});
