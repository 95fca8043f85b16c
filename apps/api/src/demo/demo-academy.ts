// The small demo academy `npm start` loads into an empty database, so a newcomer has something to click.
// Each capability adds its part here (courses, offerings, grades, certificates).
import type { INestApplicationContext } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { GradesService } from '../assessments/grades.service.js';
import { ResultsService } from '../assessments/results.service.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { CoursesService } from '../courses/courses.service.js';
import type { CreateCourseDto } from '../courses/dto/course.dto.js';
import { OfferingsService } from '../courses/offerings.service.js';
import { EnrollmentsService } from '../enrollments/enrollments.service.js';
import type { CreateUserDto } from '../users/dto/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import type { CreateFocalPointDto, CreateOrganisationDto } from '../nominations/dto/organisation.dto.js';
import { NominationCallsService } from '../nominations/nomination-calls.service.js';
import { NominationsService } from '../nominations/nominations.service.js';
import { OrganisationsService } from '../nominations/organisations.service.js';
import { SelectionService } from '../nominations/selection.service.js';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  fullName: string;
}

const STAFF_PASSWORD = 'amahoro-demo-staff';
const TRAINEE_PASSWORD = 'amahoro-demo-trainee';

const STAFF: CreateUserDto[] = [
  { role: 'admin', email: 'admin@amahoro.demo', fullName: 'Grace Mukamana', gender: 'female', nationality: 'RWA', category: 'civilian', organization: 'Amahoro Peace Academy' },
  { role: 'instructor', email: 'habimana@amahoro.demo', fullName: 'Jean-Paul Habimana', gender: 'male', nationality: 'RWA', category: 'military', rank: 'Colonel', organization: 'Rwanda Defence Force' },
  { role: 'instructor', email: 'diallo@amahoro.demo', fullName: 'Aïssatou Diallo', gender: 'female', nationality: 'SEN', category: 'civilian', organization: 'African Union Commission' },
  { role: 'instructor', email: 'mensah@amahoro.demo', fullName: 'Kwame Mensah', gender: 'male', nationality: 'GHA', category: 'police', rank: 'Superintendent', organization: 'Ghana Police Service' },
];

const TRAINEES: Omit<CreateUserDto, 'role'>[] = [
  { email: 'fatuma.hassan@amahoro.demo', fullName: 'Fatuma Hassan', gender: 'female', nationality: 'KEN', category: 'police', rank: 'Inspector', organization: 'Kenya Police Service' },
  { email: 'tomas.ferreira@amahoro.demo', fullName: 'Tomás Ferreira', gender: 'male', nationality: 'MOZ', category: 'military', rank: 'Captain', organization: 'Armed Forces for the Defence of Mozambique' },
  { email: 'lan.nguyen@amahoro.demo', fullName: 'Nguyễn Thị Lan', gender: 'female', nationality: 'VNM', category: 'military', rank: 'Major', organization: 'Viet Nam Department of Peacekeeping Operations' },
  { email: 'olumide.adeyemi@amahoro.demo', fullName: 'Olumide Adeyemi', gender: 'male', nationality: 'NGA', category: 'military', rank: 'Lieutenant Colonel', organization: 'Nigerian Army' },
  { email: 'sarah.nakato@amahoro.demo', fullName: 'Sarah Nakato', gender: 'female', nationality: 'UGA', category: 'civilian', organization: 'UN Women' },
  { email: 'emmanuel.ndayishimiye@amahoro.demo', fullName: 'Emmanuel Ndayishimiye', gender: 'male', nationality: 'BDI', category: 'police', rank: 'Commissioner', organization: 'Burundi National Police' },
  { email: 'priya.sharma@amahoro.demo', fullName: 'Priya Sharma', gender: 'female', nationality: 'IND', category: 'military', rank: 'Major', organization: 'Indian Army' },
  { email: 'lukasz.kowalski@amahoro.demo', fullName: 'Łukasz Kowalski', gender: 'male', nationality: 'POL', category: 'civilian', organization: 'OSCE' },
  { email: 'amina.osman@amahoro.demo', fullName: 'Amina Osman', gender: 'female', nationality: 'SDN', category: 'civilian', organization: 'Sudanese Red Crescent' },
  { email: 'marie.kabongo@amahoro.demo', fullName: 'Marie Kabongo', gender: 'female', nationality: 'COD', category: 'police', rank: 'Major', organization: 'Police Nationale Congolaise' },
];

const PEOPLE: Array<CreateUserDto & { password: string }> = [
  ...STAFF.map((person) => ({ ...person, password: STAFF_PASSWORD })),
  ...TRAINEES.map((person) => ({ ...person, role: 'trainee' as const, password: TRAINEE_PASSWORD })),
];

/** Nominating authorities from three countries, each with its focal point (who logs in with the staff password). */
const AUTHORITIES: Array<{ key: string; organisation: CreateOrganisationDto; focalPoint: CreateFocalPointDto }> = [
  { key: 'kenya', organisation: { name: 'Kenya Police Service', country: 'KEN', kind: 'police' }, focalPoint: { email: 'focal@police.ke.demo', fullName: 'Wanjiru Kamau' } },
  { key: 'ghana', organisation: { name: 'Ghana Ministry of Defence', country: 'GHA', kind: 'ministry_of_defence' }, focalPoint: { email: 'focal@mod.gh.demo', fullName: 'Kofi Boateng' } },
  { key: 'senegal', organisation: { name: 'Ministère des Forces armées du Sénégal', country: 'SEN', kind: 'ministry_of_defence' }, focalPoint: { email: 'focal@armees.sn.demo', fullName: 'Awa Ndiaye', preferredLanguage: 'fr' } },
];

export const DEMO_LOGINS: DemoLogin[] = [
  ...PEOPLE.map(({ role, email, password, fullName }) => ({ role, email, password, fullName })),
  ...AUTHORITIES.map(({ focalPoint }) => ({ role: 'focal_point', email: focalPoint.email, password: STAFF_PASSWORD, fullName: focalPoint.fullName })),
];

const COURSES: Array<CreateCourseDto & { draft?: boolean }> = [
  { code: 'CPTM-100', title: 'UN Core Pre-Deployment Training', category: 'peace_operations', deliveryMode: 'online', language: 'en', durationHours: 20, passMark: 60,
    summary: 'The UN Core Pre-Deployment Training Materials: what every peacekeeper must know before deploying.' },
  { code: 'POC-101', title: 'Protection of Civilians', category: 'protection_of_civilians', deliveryMode: 'blended', language: 'en', durationHours: 40, passMark: 70,
    summary: 'Legal framework, threat assessment and tiered responses to protect civilians under threat of physical violence.' },
  { code: 'UNSOC-201', title: 'UN Staff Officers Course', category: 'peace_operations', deliveryMode: 'in_person', language: 'en', durationHours: 120, passMark: 70,
    summary: 'Staff work in a UN mission headquarters: planning, reporting, integrated operations.' },
  { code: 'GPS-110', title: 'Gender, Peace and Security', category: 'gender_peace_security', deliveryMode: 'blended', language: 'en', durationHours: 30, passMark: 65,
    summary: 'Resolution 1325 and its successors in practice: gender analysis, women’s participation, conflict-related sexual violence.' },
  { code: 'CP-120', title: 'Protection de l’enfance dans les opérations de paix', category: 'child_protection', deliveryMode: 'in_person', language: 'fr', durationHours: 30, passMark: 70,
    summary: 'Les six violations graves, le mécanisme de surveillance et de communication de l’information, la coordination.' },
  { code: 'DDR-210', title: 'Disarmament, Demobilization and Reintegration', category: 'ddr_ssr', deliveryMode: 'in_person', language: 'en', durationHours: 60, passMark: 70,
    summary: 'Planning and running DDR programmes under the Integrated DDR Standards.', draft: true },
];

const DAY = 86_400_000;
const date = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const time = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

/** Loads the demo academy into an empty database: people, a catalog, offerings and some enrolments. */
export async function seedDemoAcademy(app: INestApplicationContext): Promise<void> {
  const users = app.get(UsersService);
  const people = new Map<string, string>();
  for (const person of PEOPLE) people.set(person.email, (await users.create(person, null)).id);
  const id = (email: string) => people.get(email)!;

  const courses = app.get(CoursesService);
  const courseIds = new Map<string, string>();
  for (const { draft, ...course } of COURSES) {
    const created = await courses.create(course);
    courseIds.set(course.code, created.id);
    if (!draft) await courses.move(created.id, 'published');
  }
  await courses.update(courseIds.get('UNSOC-201')!, { prerequisiteCourseIds: [courseIds.get('CPTM-100')!] });

  const offerings = app.get(OfferingsService);
  const offering = async (code: string, fields: { startsIn: number; days: number; opensIn: number; closesIn: number; capacity: number; location?: string; approvalMode: 'auto' | 'manual'; instructors: string[]; minAttendancePercent?: number }) =>
    (
      await offerings.create(courseIds.get(code)!, {
        startsOn: date(fields.startsIn),
        endsOn: date(fields.startsIn + fields.days),
        enrollmentOpensAt: time(fields.opensIn),
        enrollmentClosesAt: time(fields.closesIn),
        capacity: fields.capacity,
        location: fields.location,
        approvalMode: fields.approvalMode,
        instructorIds: fields.instructors.map(id),
        minAttendancePercent: fields.minAttendancePercent,
      })
    ).offering.id;
  const pre = await offering('CPTM-100', { startsIn: 10, days: 14, opensIn: -20, closesIn: 9, capacity: 100, approvalMode: 'auto', instructors: ['diallo@amahoro.demo'] });
  const poc = await offering('POC-101', { startsIn: 21, days: 10, opensIn: -10, closesIn: 14, capacity: 6, location: 'Musanze, Rwanda', approvalMode: 'auto', instructors: ['habimana@amahoro.demo'], minAttendancePercent: 80 });
  const gps = await offering('GPS-110', { startsIn: 30, days: 5, opensIn: -5, closesIn: 25, capacity: 20, location: 'Accra, Ghana', approvalMode: 'manual', instructors: ['diallo@amahoro.demo', 'mensah@amahoro.demo'], minAttendancePercent: 75 });
  await offering('UNSOC-201', { startsIn: 90, days: 21, opensIn: 30, closesIn: 75, capacity: 30, location: 'Musanze, Rwanda', approvalMode: 'manual', instructors: ['mensah@amahoro.demo'], minAttendancePercent: 90 });
  await offering('CP-120', { startsIn: 3, days: 5, opensIn: -40, closesIn: -2, capacity: 25, location: 'Bamako, Mali', approvalMode: 'auto', instructors: ['diallo@amahoro.demo'], minAttendancePercent: 80 });

  const enrollments = app.get(EnrollmentsService);
  const admin: AuthUser = { id: id(STAFF[0]!.email), email: STAFF[0]!.email, role: 'admin', sessionId: 'demo' };
  const enrol = (offeringId: string, emails: string[]) =>
    Promise.all(emails.map((email) => enrollments.enrol(offeringId, admin, id(email)))).then((made) => made.map((e) => e.id));
  const trainees = TRAINEES.map((t) => t.email);

  // Last term's pre-deployment cohort, graded and finalised: some passed (and may now take the Staff Officers
  // course, which requires it), some failed.
  const past = await offering('CPTM-100', { startsIn: -95, days: 10, opensIn: -130, closesIn: -100, capacity: 40, approvalMode: 'auto', instructors: ['diallo@amahoro.demo'] });
  const cohort = await enrol(past, trainees.slice(0, 6));
  const assessments = app.get(AssessmentsService);
  const exam = await assessments.create(past, admin, { title: 'Final examination', kind: 'exam', weight: 60, maxScore: 100 });
  const essay = await assessments.create(past, admin, { title: 'Case study: a protection-of-civilians dilemma', kind: 'assignment', weight: 40, maxScore: 20 });
  const grades = app.get(GradesService);
  const examScores = [88, 74, 91, 52, 67, 79];
  const essayScores = [17, 15, 18.5, 9, 8, 16];
  await grades.bulk(exam.id, admin, cohort.map((enrollmentId, i) => ({ enrollmentId, score: examScores[i]!, feedback: i === 3 ? 'Review the rules of engagement module.' : undefined })));
  await grades.bulk(essay.id, admin, cohort.map((enrollmentId, i) => ({ enrollmentId, score: essayScores[i]! })));
  await app.get(ResultsService).finalize(past, admin);
  // Queued now; the worker issues them as soon as it starts.
  await app.get(CertificatesService).issueForOffering(past, admin);
  // POC-101 has 6 seats: the last two nominees wait for one to free up.
  for (const email of trainees.slice(0, 8)) await enrol(poc, [email]);
  await enrol(pre, trainees.slice(2, 9));
  await enrol(gps, trainees.slice(4, 7));

  await seedNominations(app, admin, courseIds.get('CPTM-100')!, { open: await offering('UNSOC-201', { startsIn: 120, days: 21, opensIn: 60, closesIn: 100, capacity: 24, location: 'Musanze, Rwanda', approvalMode: 'manual', instructors: ['mensah@amahoro.demo'], minAttendancePercent: 90 }),
    past: await offering('CP-120', { startsIn: 12, days: 5, opensIn: -30, closesIn: -3, capacity: 16, location: 'Dakar, Sénégal', approvalMode: 'manual', instructors: ['diallo@amahoro.demo'] }) });
}

/**
 * Nominations: three authorities with focal points; an open call for the Staff Officers course with lists
 * waiting for the board (one candidate matched to an existing account, some ineligible), and a closed call
 * for child protection whose board has decided.
 */
async function seedNominations(app: INestApplicationContext, admin: AuthUser, cptmId: string, offerings: { open: string; past: string }): Promise<void> {
  const organisations = app.get(OrganisationsService);
  const calls = app.get(NominationCallsService);
  const nominations = app.get(NominationsService);
  const db = app.get(DataSource);
  const staffHash = await hashPassword(STAFF_PASSWORD);
  const org: Record<string, string> = {};
  const focal: Record<string, AuthUser> = {};
  for (const { key, organisation, focalPoint } of AUTHORITIES) {
    org[key] = (await organisations.createOrganisation(organisation, admin)).id;
    const user = await organisations.addFocalPoint(org[key], focalPoint, admin);
    // Demo focal points log in at once, without the invitation e-mail.
    await db.query(`UPDATE users SET password_hash = $2, email_verified = true WHERE id = $1`, [user.id, staffHash]);
    focal[key] = { id: user.id, email: user.email, role: 'focal_point', sessionId: 'demo' };
  }
  const person = (fullName: string, email: string, gender: 'female' | 'male', nationality: string, category: 'military' | 'police' | 'civilian', rank?: string, languages = ['en']) =>
    ({ fullName, email, gender, nationality, category, rank, languages });
  const submit = (offeringId: string, key: string, candidates: ReturnType<typeof person>[]) =>
    nominations.submit(offeringId, candidates.map((candidate, index) => ({ row: index + 1, email: candidate.email, candidate })), focal[key]!);
  const hour = 3_600_000;

  // The Staff Officers course: the call is open, two lists are in, Senegal has not answered yet.
  await calls.saveCall(offerings.open, {
    opensAt: time(-3),
    closesAt: time(20),
    allocations: [{ organisationId: org.kenya!, seats: 4 }, { organisationId: org.ghana!, seats: 4 }, { organisationId: org.senegal!, seats: 3 }],
    parity: { rule: 'women_at_least_men', targetWomenPercent: 50 },
    eligibility: { categories: ['military', 'police'], languages: ['en'], requiredCourseIds: [cptmId] },
  }, admin);
  await submit(offerings.open, 'kenya', [
    person('Fatuma Hassan', 'fatuma.hassan@amahoro.demo', 'female', 'KEN', 'police', 'Inspector', ['en', 'sw']),
    person('Joseph Otieno', 'joseph.otieno@police.ke.demo', 'male', 'KEN', 'police', 'Chief Inspector'),
    person('Grace Wanjiku', 'grace.wanjiku@police.ke.demo', 'female', 'KEN', 'civilian'),
  ]);
  await submit(offerings.open, 'ghana', [
    person('Abena Owusu', 'abena.owusu@mod.gh.demo', 'female', 'GHA', 'military', 'Major'),
    person('Kwame Asante', 'kwame.asante@mod.gh.demo', 'male', 'GHA', 'military', 'Lieutenant Colonel'),
  ]);

  // Child protection (in French): the call has closed and the board has decided.
  await calls.saveCall(offerings.past, {
    opensAt: time(-30),
    closesAt: new Date(Date.now() + hour).toISOString(),
    allocations: [{ organisationId: org.senegal!, seats: 4 }, { organisationId: org.ghana!, seats: 2 }],
    parity: { rule: 'at_least_one_woman', targetWomenPercent: 40 },
    eligibility: { languages: ['fr'] },
  }, admin);
  const senegal = await submit(offerings.past, 'senegal', [
    person('Aminata Sow', 'aminata.sow@armees.sn.demo', 'female', 'SEN', 'military', 'Capitaine', ['fr']),
    person('Moussa Diop', 'moussa.diop@armees.sn.demo', 'male', 'SEN', 'military', 'Commandant', ['fr', 'wo']),
    person('Fatou Fall', 'fatou.fall@armees.sn.demo', 'female', 'SEN', 'military', 'Lieutenant', ['fr']),
    person('Ibrahima Ba', 'ibrahima.ba@armees.sn.demo', 'male', 'SEN', 'civilian', undefined, ['fr']),
  ]);
  const ghana = await submit(offerings.past, 'ghana', [person('Efua Mensah', 'efua.mensah@mod.gh.demo', 'female', 'GHA', 'military', 'Captain', ['en', 'fr'])]);
  await calls.saveCall(offerings.past, {
    opensAt: time(-30),
    closesAt: time(-4),
    allocations: [{ organisationId: org.senegal!, seats: 4 }, { organisationId: org.ghana!, seats: 2 }],
    parity: { rule: 'at_least_one_woman', targetWomenPercent: 40 },
    eligibility: { languages: ['fr'] },
  }, admin);
  const [sow, diop, fall, ba] = senegal.results.map((r) => r.nominationId!);
  await app.get(SelectionService).decide(offerings.past, [
    { nominationId: sow!, outcome: 'selected', note: 'Expérience de terrain au Mali' },
    { nominationId: diop!, outcome: 'selected' },
    { nominationId: fall!, outcome: 'alternate', note: 'Première suppléante' },
    { nominationId: ba!, outcome: 'not_selected', note: 'Profil civil : à proposer pour la session de juin' },
    { nominationId: ghana.results[0]!.nominationId!, outcome: 'selected' },
  ], admin);
}

/** True when the demo academy is in the database (loaded by this start or an earlier one). */
export async function hasDemoAcademy(app: INestApplicationContext): Promise<boolean> {
  return (await app.get(UsersService).findByEmail(STAFF[0]!.email)) !== null;
}
