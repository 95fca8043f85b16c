import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { eventually } from './support/classroom.js';
import { createCourse, createOffering, uniqueCode } from './support/factories.js';
import { useApp } from './support/fixture.js';
import type { TestUser } from './support/harness.js';

// Offerings dated in 2021 (ended: A can be finalised), a year no other spec uses; the summary checks only this spec's course anyway.
const A_DATES = { startsOn: '2021-03-03', endsOn: '2021-03-14' };
const B_DATES = { startsOn: '2021-06-02', endsOn: '2021-06-06' };
const C_DATES = { startsOn: '2021-03-10', endsOn: '2021-03-12' };
// A comma and quotes in the title: the CSV must quote it.
const COURSE_TITLE = 'Gender, Peace and Security: "Women in Uniform"';

type Profile = { gender?: string; category?: string; nationality?: string };
type Figures = Record<string, number | null>;
type Group = Figures & { group: string };

const ZERO: Figures = {
  applied: 0,
  pending: 0,
  approved: 0,
  waitlisted: 0,
  notAdmitted: 0,
  rejected: 0,
  withdrawn: 0,
  completed: 0,
  failed: 0,
  passed: 0,
  completionRate: null,
  passRate: null,
  averageFinalScore: null,
  certificatesIssued: 0,
  certificatesRevoked: 0,
  women: 0,
  womenShare: null,
  womenCompleted: 0,
  womenShareOfCompleted: null,
};
const figures = (values: Figures): Figures => ({ ...ZERO, ...values });
const FIGURE_COLUMNS = Object.keys(ZERO);

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  assert.equal(cell + row.join(''), '', 'the CSV ends with a line break');
  const [header, ...lines] = rows;
  for (const line of lines) assert.equal(line.length, header!.length, `a full line: ${line.join(',')}`);
  return lines.map((line) => Object.fromEntries(header!.map((name, index) => [name, line[index]!])));
}

/** The CSV line of one set of figures carries exactly the JSON's numbers (null → empty cell). */
function assertLineMatches(line: Record<string, string>, json: Figures, what: string) {
  for (const column of FIGURE_COLUMNS) {
    const value = json[column];
    assert.equal(line[column], value === null || value === undefined ? '' : String(value), `${what}: ${column}`);
  }
}

/** Every line of a report's CSV, keyed breakdown/group, matched against the JSON; no line more or less. */
function assertCsvMatches(lines: Array<Record<string, string>>, report: Record<string, any>, what: string) {
  const expected = new Map<string, Figures>([['total/all', report.totals]]);
  for (const [breakdown, key] of [['gender', 'byGender'], ['category', 'byCategory'], ['nationality', 'byNationality']] as const) {
    for (const group of report[key]) expected.set(`${breakdown}/${group.group}`, group);
  }
  assert.deepEqual(lines.map((l) => `${l.breakdown}/${l.group}`), [...expected.keys()], `${what}: the lines, in order`);
  for (const line of lines) assertLineMatches(line, expected.get(`${line.breakdown}/${line.group}`)!, `${what} ${line.breakdown}/${line.group}`);
}

describe('reports: the enrolment funnel and results, disaggregated', () => {
  const app = useApp({ worker: true, users: { instructor: 'instructor', otherInstructor: 'instructor', trainee: 'trainee' } });
  let course: { id: string; code: string; title: string };
  let offeringA: string;

  async function people(profiles: Profile[]): Promise<TestUser[]> {
    const users = await app.api.quickUsers(profiles.length);
    for (const [index, profile] of profiles.entries()) {
      if (Object.keys(profile).length === 0) continue;
      const reply = await app.api.patch('/api/v1/me', { token: users[index]!.token, body: profile });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    }
    return users;
  }

  async function enrol(offeringId: string, person: TestUser, status = 'approved'): Promise<string> {
    const reply = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: person.token });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.status, status);
    return reply.body.id as string;
  }

  /**
   * Offering A (capacity 7, pass mark 60, attendance at least 75%), taught by `instructor`:
   *   p1 female military   RWA   85          → completed
   *   p2 female police     KEN   72          → completed (certificate revoked)
   *   p3 male   military   RWA   40          → failed
   *   p4 male   civilian   GHA   90, absent  → failed on attendance (passed on score)
   *   p5 female civilian   —     55          → failed
   *   p6 other  police     KEN   66          → completed
   *   p7 —      —          RWA   70          → completed
   *   p8 undisclosed military SEN            → withdrawn
   *   p9 female military   GHA               → waitlisted, then not admitted (finalised)
   * Offering B of the same course (June): p10 female police RWA and p11 male military KEN, approved.
   * Offering C of the same course (March), cancelled: p12 female civilian UGA, never counted by the summary.
   */
  before(async () => {
    course = await createCourse(app.api, app.admin, { code: uniqueCode('RPT'), title: COURSE_TITLE, passMark: 60, category: 'gender_peace_security' });

    offeringA = (await createOffering(app.api, app.admin, course.id, { ...A_DATES, capacity: 7, instructorIds: [app.users.instructor.id], minAttendancePercent: 75 })).id;
    const [p1, p2, p3, p4, p5, p6, p7, p8, p9] = await people([
      { gender: 'female', category: 'military', nationality: 'RWA' },
      { gender: 'female', category: 'police', nationality: 'KEN' },
      { gender: 'male', category: 'military', nationality: 'RWA' },
      { gender: 'male', category: 'civilian', nationality: 'gha' },
      { gender: 'female', category: 'civilian' },
      { gender: 'other', category: 'police', nationality: 'KEN' },
      { nationality: 'RWA' },
      { gender: 'undisclosed', category: 'military', nationality: 'SEN' },
      { gender: 'female', category: 'military', nationality: 'GHA' },
    ]);
    const withdrawing = await enrol(offeringA, p8!);
    const enrolled = new Map<TestUser, string>();
    for (const person of [p1!, p2!, p3!, p4!, p5!, p6!]) enrolled.set(person, await enrol(offeringA, person));
    const withdrawn = await app.api.post(`/api/v1/enrollments/${withdrawing}/withdraw`, { token: p8!.token });
    assert.equal(withdrawn.status, 200);
    enrolled.set(p7!, await enrol(offeringA, p7!));
    await enrol(offeringA, p9!, 'waitlisted');

    const exam = await app.api.post(`/api/v1/offerings/${offeringA}/assessments`, {
      token: app.users.instructor.token,
      body: { title: 'Final exam', kind: 'exam', weight: 100, maxScore: 100 },
    });
    assert.equal(exam.status, 201);
    const scores = new Map([[p1!, 85], [p2!, 72], [p3!, 40], [p4!, 90], [p5!, 55], [p6!, 66], [p7!, 70]]);
    const graded = await app.api.post(`/api/v1/assessments/${exam.body.id}/grades`, {
      token: app.users.instructor.token,
      body: { grades: [...scores].map(([person, score]) => ({ enrollmentId: enrolled.get(person)!, score })) },
    });
    assert.equal(graded.status, 200);
    const present = [...enrolled].filter(([person]) => person !== p4).map(([, id]) => id);
    for (const day of ['2021-03-03', '2021-03-04']) {
      const reply = await app.api.request('PUT', `/api/v1/offerings/${offeringA}/attendance/${day}`, { token: app.users.instructor.token, body: { present } });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    }
    const final = await app.api.post(`/api/v1/offerings/${offeringA}/finalize`, { token: app.users.instructor.token });
    assert.equal(final.status, 200, JSON.stringify(final.body));
    assert.deepEqual([final.body.completed, final.body.failed], [4, 3]);

    // Certificates for the four completed; p2's is then revoked.
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringA}/certificates`, { token: app.admin.token })).status, 202);
    const certificates = await eventually(
      () => app.api.get(`/api/v1/offerings/${offeringA}/certificates`, { token: app.admin.token }),
      (reply) => reply.body.counts?.issued === 4,
      60_000,
    );
    const p2Certificate = certificates.body.items.find((c: { enrollmentId: string }) => c.enrollmentId === enrolled.get(p2!));
    const revoked = await app.api.post(`/api/v1/certificates/${p2Certificate.id}/revoke`, { token: app.admin.token, body: { reason: 'Issued in error' } });
    assert.equal(revoked.status, 200);

    const offeringB = (await createOffering(app.api, app.admin, course.id, { ...B_DATES, capacity: 5 })).id;
    const [p10, p11] = await people([
      { gender: 'female', category: 'police', nationality: 'RWA' },
      { gender: 'male', category: 'military', nationality: 'KEN' },
    ]);
    await enrol(offeringB, p10!);
    await enrol(offeringB, p11!);

    const offeringC = (await createOffering(app.api, app.admin, course.id, { ...C_DATES, capacity: 5 })).id;
    const [p12] = await people([{ gender: 'female', category: 'civilian', nationality: 'UGA' }]);
    await enrol(offeringC, p12!);
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringC}/cancel`, { token: app.admin.token })).status, 200);
  });

  // Offering A, by hand.
  const A_TOTALS = figures({
    applied: 9, notAdmitted: 1, withdrawn: 1, completed: 4, failed: 3, passed: 5,
    completionRate: 57.14, passRate: 71.43, averageFinalScore: 68.29, // 4/7, 5/7, 478/7
    certificatesIssued: 3, certificatesRevoked: 1,
    women: 4, womenShare: 44.44, womenCompleted: 2, womenShareOfCompleted: 50,
  });
  const A_BY_GENDER = [
    { group: 'female', ...figures({ applied: 4, notAdmitted: 1, completed: 2, failed: 1, passed: 2, completionRate: 66.67, passRate: 66.67, averageFinalScore: 70.67, certificatesIssued: 1, certificatesRevoked: 1, women: 4, womenShare: 100, womenCompleted: 2, womenShareOfCompleted: 100 }) },
    { group: 'male', ...figures({ applied: 2, failed: 2, passed: 1, completionRate: 0, passRate: 50, averageFinalScore: 65, womenShare: 0 }) },
    { group: 'other', ...figures({ applied: 1, completed: 1, passed: 1, completionRate: 100, passRate: 100, averageFinalScore: 66, certificatesIssued: 1, womenShare: 0, womenShareOfCompleted: 0 }) },
    { group: 'undisclosed', ...figures({ applied: 1, withdrawn: 1, womenShare: 0 }) },
    { group: 'unknown', ...figures({ applied: 1, completed: 1, passed: 1, completionRate: 100, passRate: 100, averageFinalScore: 70, certificatesIssued: 1, womenShare: 0, womenShareOfCompleted: 0 }) },
  ];
  const A_BY_CATEGORY = [
    { group: 'military', ...figures({ applied: 4, notAdmitted: 1, withdrawn: 1, completed: 1, failed: 1, passed: 1, completionRate: 50, passRate: 50, averageFinalScore: 62.5, certificatesIssued: 1, women: 2, womenShare: 50, womenCompleted: 1, womenShareOfCompleted: 100 }) },
    { group: 'police', ...figures({ applied: 2, completed: 2, passed: 2, completionRate: 100, passRate: 100, averageFinalScore: 69, certificatesIssued: 1, certificatesRevoked: 1, women: 1, womenShare: 50, womenCompleted: 1, womenShareOfCompleted: 50 }) },
    { group: 'civilian', ...figures({ applied: 2, failed: 2, passed: 1, completionRate: 0, passRate: 50, averageFinalScore: 72.5, women: 1, womenShare: 50 }) },
    { group: 'unknown', ...figures({ applied: 1, completed: 1, passed: 1, completionRate: 100, passRate: 100, averageFinalScore: 70, certificatesIssued: 1, womenShare: 0, womenShareOfCompleted: 0 }) },
  ];
  const A_BY_NATIONALITY = [
    { group: 'GHA', ...figures({ applied: 2, notAdmitted: 1, failed: 1, passed: 1, completionRate: 0, passRate: 100, averageFinalScore: 90, women: 1, womenShare: 50 }) },
    { group: 'KEN', ...figures({ applied: 2, completed: 2, passed: 2, completionRate: 100, passRate: 100, averageFinalScore: 69, certificatesIssued: 1, certificatesRevoked: 1, women: 1, womenShare: 50, womenCompleted: 1, womenShareOfCompleted: 50 }) },
    { group: 'RWA', ...figures({ applied: 3, completed: 2, failed: 1, passed: 2, completionRate: 66.67, passRate: 66.67, averageFinalScore: 65, certificatesIssued: 2, women: 1, womenShare: 33.33, womenCompleted: 1, womenShareOfCompleted: 50 }) },
    { group: 'SEN', ...figures({ applied: 1, withdrawn: 1, womenShare: 0 }) },
    { group: 'unknown', ...figures({ applied: 1, failed: 1, passed: 0, completionRate: 0, passRate: 0, averageFinalScore: 55, women: 1, womenShare: 100 }) },
  ];
  const womenShares = (byCategory: Array<Record<string, unknown>>) =>
    byCategory.map((g) => ({
      category: g.group,
      applied: g.applied,
      women: g.women,
      womenShare: g.womenShare,
      completed: g.completed,
      womenCompleted: g.womenCompleted,
      womenShareOfCompleted: g.womenShareOfCompleted,
    }));

  it('counts an offering’s funnel, rates, scores and certificates, by gender, category and nationality, as computed by hand', async () => {
    const reply = await app.api.get(`/api/v1/reports/offerings/${offeringA}`, { token: app.users.instructor.token });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const report = reply.body;
    assert.deepEqual(report.offering, { id: offeringA, course: { id: course.id, code: course.code, title: COURSE_TITLE }, ...A_DATES, status: 'completed' });
    assert.deepEqual(report.totals, A_TOTALS);
    assert.deepEqual(report.byGender, A_BY_GENDER);
    assert.deepEqual(report.byCategory, A_BY_CATEGORY);
    assert.deepEqual(report.byNationality, A_BY_NATIONALITY);
    assert.deepEqual(report.womenShareByCategory, [
      { category: 'military', applied: 4, women: 2, womenShare: 50, completed: 1, womenCompleted: 1, womenShareOfCompleted: 100 },
      { category: 'police', applied: 2, women: 1, womenShare: 50, completed: 2, womenCompleted: 1, womenShareOfCompleted: 50 },
      { category: 'civilian', applied: 2, women: 1, womenShare: 50, completed: 0, womenCompleted: 0, womenShareOfCompleted: null },
      { category: 'unknown', applied: 1, women: 0, womenShare: 0, completed: 1, womenCompleted: 0, womenShareOfCompleted: 0 },
    ]);
    const admins = await app.api.get(`/api/v1/reports/offerings/${offeringA}`, { token: app.admin.token });
    assert.equal(admins.status, 200);
    assert.deepEqual(admins.body, report);
  });

  it('gives the same numbers as CSV with Accept: text/csv', async () => {
    const json = (await app.api.get(`/api/v1/reports/offerings/${offeringA}`, { token: app.admin.token })).body;
    const reply = await app.api.get(`/api/v1/reports/offerings/${offeringA}`, { token: app.users.instructor.token, headers: { accept: 'text/csv' } });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(reply.headers.get('content-disposition') ?? '', /attachment; filename=".+\.csv"/);
    assert.equal(String(reply.body).split('\r\n')[0], ['offeringId', 'courseCode', 'breakdown', 'group', ...FIGURE_COLUMNS].join(','));
    const lines = parseCsv(String(reply.body));
    assert.equal(lines.length, 1 + 5 + 4 + 5);
    assert.ok(lines.every((l) => l.offeringId === offeringA && l.courseCode === course.code));
    assertCsvMatches(lines, json, 'offering CSV');
  });

  it('answers the same CSV for ?format=csv, in UTF-8 with a byte-order mark, and refuses an unknown format', async () => {
    const path = `/api/v1/reports/offerings/${offeringA}`;
    const byAccept = await app.api.get(path, { token: app.admin.token, headers: { accept: 'text/csv' } });
    // fetch's text() drops a byte-order mark: the bytes are read as they are sent.
    const response = await fetch(`${app.api.baseUrl}${path}?format=csv`, { headers: { authorization: `Bearer ${app.admin.token}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename=".+\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), byAccept.body);
    const json = await app.api.get(`${path}?format=json`, { token: app.admin.token, headers: { accept: 'text/csv' } });
    assert.equal(json.body.offering.id, offeringA, '?format=json wins over Accept');
    const summary = await app.api.get('/api/v1/reports/summary?from=2021-01-01&to=2021-12-31&format=csv', { token: app.admin.token });
    assert.equal(summary.status, 200);
    assert.match(summary.headers.get('content-type') ?? '', /^text\/csv/);
    for (const bad of [`${path}?format=xml`, '/api/v1/reports/summary?format=CSV']) {
      const reply = await app.api.get(bad, { token: app.admin.token });
      assert.equal(reply.status, 400, bad);
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
    }
  });

  it('lets admins and the offering’s instructors read its report, no one else', async () => {
    const path = `/api/v1/reports/offerings/${offeringA}`;
    assert.equal((await app.api.get(path, { token: app.users.instructor.token })).status, 200);
    const other = await app.api.get(path, { token: app.users.otherInstructor.token });
    assert.equal(other.status, 403);
    assert.equal(other.body.code, 'REPORT_NOT_STAFF');
    assert.equal((await app.api.get(path, { token: app.users.otherInstructor.token, headers: { accept: 'text/csv' } })).status, 403);
    assert.equal((await app.api.get(path, { token: app.users.trainee.token })).status, 403);
    assert.equal((await app.api.get(path, { token: app.users.trainee.token, headers: { accept: 'text/csv' } })).status, 403);
    assert.equal((await app.api.get(path)).status, 401);
    const unknown = await app.api.get(`/api/v1/reports/offerings/${randomUUID()}`, { token: app.admin.token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'OFFERING_NOT_FOUND');
    assert.equal((await app.api.get(`/api/v1/reports/offerings/${randomUUID()}`, { token: app.users.instructor.token })).status, 404);
    assert.equal((await app.api.get('/api/v1/reports/offerings/not-a-uuid', { token: app.admin.token })).status, 400);
  });

  it('sums the academy per course over a date range, leaving cancelled offerings out', async () => {
    const reply = await app.api.get('/api/v1/reports/summary?from=2021-01-01&to=2021-12-31', { token: app.admin.token });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.from, '2021-01-01');
    assert.equal(reply.body.to, '2021-12-31');
    const mine = reply.body.courses.find((c: { course: { id: string } }) => c.course.id === course.id);
    assert.deepEqual(mine.course, { id: course.id, code: course.code, title: COURSE_TITLE });
    assert.deepEqual([mine.offerings, mine.offeringsCancelled], [2, 1]);
    // A plus B (p10 female police RWA and p11 male military KEN, approved); C's p12 is not counted.
    assert.deepEqual(mine.totals, { ...A_TOTALS, applied: 11, approved: 2, women: 5, womenShare: 45.45 });
    assert.deepEqual(mine.byGender.map((g: Group) => [g.group, g.applied, g.approved]), [['female', 5, 1], ['male', 3, 1], ['other', 1, 0], ['undisclosed', 1, 0], ['unknown', 1, 0]]);
    assert.deepEqual(mine.byCategory.find((g: Group) => g.group === 'police'), {
      ...A_BY_CATEGORY[1], applied: 3, approved: 1, women: 2, womenShare: 66.67,
    });
    assert.deepEqual(mine.byNationality.map((g: Group) => [g.group, g.applied, g.women, g.womenShare]), [
      ['GHA', 2, 1, 50], ['KEN', 3, 1, 33.33], ['RWA', 4, 2, 50], ['SEN', 1, 0, 0], ['unknown', 1, 1, 100],
    ]);
    assert.deepEqual(mine.womenShareByCategory, womenShares(mine.byCategory));
    // The total is the sum of the courses (others' courses may share the range).
    for (const column of ['applied', 'approved', 'completed', 'failed', 'passed', 'women', 'certificatesIssued', 'certificatesRevoked']) {
      const sum = reply.body.courses.reduce((s: number, c: { totals: Figures }) => s + (c.totals[column] as number), 0);
      assert.equal(reply.body.total.totals[column], sum, column);
    }
    assert.equal(reply.body.total.offerings, reply.body.courses.reduce((s: number, c: { offerings: number }) => s + c.offerings, 0));
  });

  it('filters by offerings overlapping the range: a course’s figures equal its one offering’s report', async () => {
    const report = (await app.api.get(`/api/v1/reports/offerings/${offeringA}`, { token: app.admin.token })).body;
    const sections = { totals: report.totals, byGender: report.byGender, byCategory: report.byCategory, byNationality: report.byNationality, womenShareByCategory: report.womenShareByCategory };
    // Inclusive ends: A runs 2021-03-03 … 03-14, the cancelled C 03-10 … 03-12.
    const ranges: Array<[string, number]> = [['from=2021-01-01&to=2021-03-31', 1], ['to=2021-03-03&from=2021-03-03', 0], ['from=2021-03-14&to=2021-05-31', 0], ['from=2021-03-12&to=2021-03-12', 1]];
    for (const [range, offeringsCancelled] of ranges) {
      const reply = await app.api.get(`/api/v1/reports/summary?${range}`, { token: app.admin.token });
      assert.equal(reply.status, 200, range);
      const mine = reply.body.courses.find((c: { course: { id: string } }) => c.course.id === course.id);
      assert.deepEqual(mine, { course: { id: course.id, code: course.code, title: COURSE_TITLE }, offerings: 1, offeringsCancelled, ...sections }, range);
    }
    for (const range of ['from=2021-03-15&to=2021-05-31', 'from=2022-01-01', 'to=2021-03-02']) {
      const reply = await app.api.get(`/api/v1/reports/summary?${range}`, { token: app.admin.token });
      assert.equal(reply.status, 200, range);
      assert.ok(!reply.body.courses.some((c: { course: { id: string } }) => c.course.id === course.id), range);
    }
    const open = await app.api.get('/api/v1/reports/summary', { token: app.admin.token });
    assert.equal(open.status, 200);
    assert.deepEqual([open.body.from, open.body.to], [null, null]);
    assert.ok(open.body.courses.some((c: { course: { id: string } }) => c.course.id === course.id));
  });

  it('gives the summary as CSV with the same numbers, the total first, then each course', async () => {
    const query = '/api/v1/reports/summary?from=2021-01-01&to=2021-12-31';
    const json = (await app.api.get(query, { token: app.admin.token })).body;
    const reply = await app.api.get(query, { token: app.admin.token, headers: { accept: 'text/csv' } });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = parseCsv(String(reply.body));
    const total = lines.filter((l) => l.scope === 'total');
    assert.deepEqual(lines.slice(0, total.length), total, 'the total first');
    assert.ok(total.every((l) => l.offerings === String(json.total.offerings) && l.offeringsCancelled === String(json.total.offeringsCancelled)));
    assertCsvMatches(total, json.total, 'summary total');
    for (const entry of json.courses) {
      const own = lines.filter((l) => l.scope === 'course' && l.courseId === entry.course.id);
      assert.ok(own.every((l) => l.courseCode === entry.course.code && l.courseTitle === entry.course.title && l.offerings === String(entry.offerings)));
      assertCsvMatches(own, entry, `summary ${entry.course.code}`);
    }
    assert.ok(lines.some((l) => l.courseId === course.id && l.courseTitle === COURSE_TITLE), 'the quoted title read back whole');
    assert.equal(lines.length, total.length + json.courses.reduce((n: number, c: Record<string, unknown[]>) => n + 1 + c.byGender!.length + c.byCategory!.length + c.byNationality!.length, 0));
  });

  it('keeps the summary to admins and validates its dates', async () => {
    assert.equal((await app.api.get('/api/v1/reports/summary', { token: app.users.instructor.token })).status, 403);
    assert.equal((await app.api.get('/api/v1/reports/summary', { token: app.users.trainee.token, headers: { accept: 'text/csv' } })).status, 403);
    assert.equal((await app.api.get('/api/v1/reports/summary')).status, 401);
    for (const bad of ['from=2021-02-30', 'to=2021-13-01', 'from=yesterday', 'from=2021-3-1', 'to=2021-03-01T00:00:00Z', 'from=', 'year=2021']) {
      const reply = await app.api.get(`/api/v1/reports/summary?${bad}`, { token: app.admin.token });
      assert.equal(reply.status, 400, bad);
    }
    const reversed = await app.api.get('/api/v1/reports/summary?from=2021-05-01&to=2021-04-30', { token: app.admin.token });
    assert.equal(reversed.status, 400);
    assert.equal(reversed.body.code, 'REPORT_INVALID_RANGE');
  });

  it('documents both routes and their figures in the OpenAPI document', async () => {
    const doc = (await app.api.get('/docs-json')).body;
    assert.ok(doc.paths['/api/v1/reports/offerings/{id}']?.get);
    assert.ok(doc.paths['/api/v1/reports/summary']?.get);
    const summaryParams = doc.paths['/api/v1/reports/summary'].get.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(summaryParams, ['format', 'from', 'to']);
    const figuresSchema = doc.components.schemas.ReportFigures;
    assert.deepEqual(Object.keys(figuresSchema.properties).sort(), [...FIGURE_COLUMNS].sort());
    assert.match(figuresSchema.properties.passRate.description, /pass mark/);
    for (const name of ['OfferingReport', 'SummaryReport', 'CourseSummary', 'GroupFigures', 'WomenShareByCategory']) assert.ok(doc.components.schemas[name], name);
  });
});
