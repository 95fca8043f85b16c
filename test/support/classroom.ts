// Classes made through the API: an offering with its instructor and trainees enrolled (what grading starts from),
// and a finalised one with passed and failed trainees (what certificates start from).
import { createCourse, createOffering, pastDates } from './factories.js';
import type { TestApi, TestUser } from './harness.js';

export interface TaughtClass {
  courseId: string;
  offeringId: string;
  startsOn: string;
  people: TestUser[];
  enrollments: string[];
}

/** A published course with one offering taught by `instructor`, and so many new trainees enrolled in it. */
export async function taughtClass(
  api: TestApi,
  admin: TestUser,
  { instructor, trainees = 2, offering = {}, course = {} }: { instructor: TestUser; trainees?: number; offering?: Record<string, unknown>; course?: Record<string, unknown> },
): Promise<TaughtClass> {
  const { id: courseId } = await createCourse(api, admin, course);
  const { id: offeringId, startsOn } = await createOffering(api, admin, courseId, { instructorIds: [instructor.id], ...offering });
  const people = await api.quickUsers(trainees);
  const enrollments: string[] = [];
  for (const person of people) {
    const reply = await api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: person.token });
    if (reply.status !== 201) throw new Error(`enrolment: ${reply.status} ${JSON.stringify(reply.body)}`);
    enrollments.push(reply.body.id);
  }
  return { courseId, offeringId, startsOn, people, enrollments };
}

export interface FinalisedClass {
  offeringId: string;
  courseCode: string;
  passed: Array<TestUser & { enrollmentId: string }>;
  failed: Array<TestUser & { enrollmentId: string }>;
}

export async function finalisedClass(api: TestApi, admin: TestUser, passing: number, failing = 0, names: string[] = []): Promise<FinalisedClass> {
  const { id: courseId, code: courseCode } = await createCourse(api, admin, { title: 'Protection of Civilians', passMark: 60 });
  // Held last week: only an offering that has ended can be finalised.
  const { id: offeringId } = await createOffering(api, admin, courseId, { capacity: passing + failing + 5, ...pastDates() });
  const people = await api.quickUsers(passing + failing);
  const enrolled = [];
  for (const [index, person] of people.entries()) {
    if (names[index]) await api.patch('/api/v1/me', { token: person.token, body: { fullName: names[index] } });
    const reply = await api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: person.token });
    enrolled.push({ ...person, enrollmentId: reply.body.id as string });
  }
  const exam = await api.post(`/api/v1/offerings/${offeringId}/assessments`, {
    token: admin.token,
    body: { title: 'Final exam', kind: 'exam', weight: 100, maxScore: 100 },
  });
  await api.post(`/api/v1/assessments/${exam.body.id}/grades`, {
    token: admin.token,
    body: { grades: enrolled.map((e, index) => ({ enrollmentId: e.enrollmentId, score: index < passing ? 80 : 30 })) },
  });
  const final = await api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: admin.token });
  if (final.status !== 200) throw new Error(`finalize: ${final.status} ${JSON.stringify(final.body)}`);
  return { offeringId, courseCode, passed: enrolled.slice(0, passing), failed: enrolled.slice(passing) };
}

export const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls until `done` holds, or fails after the timeout with the last value. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`still not done after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await pause(100);
  }
}
