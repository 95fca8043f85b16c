// Loads the demo academy (libs/demo) through the API's own services, as an admin would; the launcher reaches it
// through the DEMO_ACADEMY token.
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { AUTHORITIES, COURSES, type DemoAcademy, PEOPLE, STAFF, STAFF_PASSWORD, TRAINEES } from '@amahoro/demo/demo-academy.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { GradesService } from '../assessments/grades.service.js';
import { ResultsService } from '../assessments/results.service.js';
import { hashPassword } from '../auth/password.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { CoursesService } from '../courses/courses.service.js';
import { OfferingsService } from '../courses/offerings.service.js';
import { EnrollmentsService } from '../enrollments/enrollments.service.js';
import { NominationCallsService } from '../nominations/nomination-calls.service.js';
import { NominationsService } from '../nominations/nominations.service.js';
import { OrganisationsService } from '../nominations/organisations.service.js';
import { SelectionService } from '../nominations/selection.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

const DAY = 86_400_000;
const date = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const time = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

@Injectable()
export class DemoSeeder implements DemoAcademy {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly usersRepository: UsersRepository,
  ) {}

  async loadIfEmpty(): Promise<void> {
    // Empty means no user but the first admin from the environment, which start-up has just created.
    if ((await this.usersRepository.count(this.db.manager)) <= (this.config.admin ? 1 : 0)) await this.load();
  }

  async isLoaded(): Promise<boolean> {
    return (await this.usersRepository.findByEmail(this.db.manager, STAFF[0]!.email)) !== null;
  }

  /** People, a catalog, offerings, enrolments, a finalised cohort and nominations. */
  async load(): Promise<void> {
    const users = this.service(UsersService);
    const people = new Map<string, string>();
    for (const person of PEOPLE) people.set(person.email, (await users.create(person, null)).id);
    const id = (email: string) => people.get(email)!;

    const courses = this.service(CoursesService);
    const courseIds = new Map<string, string>();
    for (const { draft, ...course } of COURSES) {
      const created = await courses.create(course);
      courseIds.set(course.code, created.id);
      if (!draft) await courses.move(created.id, 'published');
    }
    await courses.update(courseIds.get('UNSOC-201')!, { prerequisiteCourseIds: [courseIds.get('CPTM-100')!] });

    const offerings = this.service(OfferingsService);
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

    const enrollments = this.service(EnrollmentsService);
    const admin: AuthUser = { id: id(STAFF[0]!.email), email: STAFF[0]!.email, role: 'admin', sessionId: 'demo' };
    const enrol = (offeringId: string, emails: string[]) =>
      Promise.all(emails.map((email) => enrollments.enrol(offeringId, admin, id(email)))).then((made) => made.map((e) => e.id));
    const trainees = TRAINEES.map((t) => t.email);

    // Last term's pre-deployment cohort, graded and finalised: some passed (and may now take the Staff Officers
    // course, which requires it), some failed.
    const past = await offering('CPTM-100', { startsIn: -95, days: 10, opensIn: -130, closesIn: -100, capacity: 40, approvalMode: 'auto', instructors: ['diallo@amahoro.demo'] });
    const cohort = await enrol(past, trainees.slice(0, 6));
    const assessments = this.service(AssessmentsService);
    const exam = await assessments.create(past, admin, { title: 'Final examination', kind: 'exam', weight: 60, maxScore: 100 });
    const essay = await assessments.create(past, admin, { title: 'Case study: a protection-of-civilians dilemma', kind: 'assignment', weight: 40, maxScore: 20 });
    const grades = this.service(GradesService);
    const examScores = [88, 74, 91, 52, 67, 79];
    const essayScores = [17, 15, 18.5, 9, 8, 16];
    await grades.bulk(exam.id, admin, cohort.map((enrollmentId, i) => ({ enrollmentId, score: examScores[i]!, feedback: i === 3 ? 'Review the rules of engagement module.' : undefined })));
    await grades.bulk(essay.id, admin, cohort.map((enrollmentId, i) => ({ enrollmentId, score: essayScores[i]! })));
    await this.service(ResultsService).finalize(past, admin);
    // Queued now; the worker issues them as soon as it starts.
    await this.service(CertificatesService).issueForOffering(past, admin);
    // POC-101 has 6 seats: the last two nominees wait for one to free up.
    for (const email of trainees.slice(0, 8)) await enrol(poc, [email]);
    await enrol(pre, trainees.slice(2, 9));
    await enrol(gps, trainees.slice(4, 7));

    await this.seedNominations(admin, courseIds.get('CPTM-100')!, { open: await offering('UNSOC-201', { startsIn: 120, days: 21, opensIn: 60, closesIn: 100, capacity: 24, location: 'Musanze, Rwanda', approvalMode: 'manual', instructors: ['mensah@amahoro.demo'], minAttendancePercent: 90 }),
      past: await offering('CP-120', { startsIn: 12, days: 5, opensIn: -30, closesIn: -3, capacity: 16, location: 'Dakar, Sénégal', approvalMode: 'manual', instructors: ['diallo@amahoro.demo'] }) });
  }

  /** Each feature's own service, as its controllers use it. */
  private service<T>(type: new (...args: never[]) => T): T {
    return this.moduleRef.get(type, { strict: false });
  }

  /**
   * Nominations: three authorities with focal points; an open call for the Staff Officers course with lists
   * waiting for the board (one candidate matched to an existing account, some ineligible), and a closed call
   * for child protection whose board has decided.
   */
  private async seedNominations(admin: AuthUser, cptmId: string, offerings: { open: string; past: string }): Promise<void> {
    const organisations = this.service(OrganisationsService);
    const calls = this.service(NominationCallsService);
    const nominations = this.service(NominationsService);
    const staffHash = await hashPassword(STAFF_PASSWORD);
    const org: Record<string, string> = {};
    const focal: Record<string, AuthUser> = {};
    for (const { key, organisation, focalPoint } of AUTHORITIES) {
      org[key] = (await organisations.createOrganisation(organisation, admin)).id;
      const user = await organisations.addFocalPoint(org[key], focalPoint, admin);
      // Demo focal points log in at once, without the invitation e-mail.
      await this.usersRepository.setPasswordFromLink(this.db.manager, user.id, staffHash);
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
    await this.service(SelectionService).decide(offerings.past, [
      { nominationId: sow!, outcome: 'selected', note: 'Expérience de terrain au Mali' },
      { nominationId: diop!, outcome: 'selected' },
      { nominationId: fall!, outcome: 'alternate', note: 'Première suppléante' },
      { nominationId: ba!, outcome: 'not_selected', note: 'Profil civil : à proposer pour la session de juin' },
      { nominationId: ghana.results[0]!.nominationId!, outcome: 'selected' },
    ], admin);
  }
}
