// The demo academy `npm start` loads into an empty database, so a newcomer has something to click: its people,
// catalog and nominating authorities, and the logins the launcher prints. The API's DemoSeeder (apps/api/src/demo)
// loads it through the services; the launcher reaches that seeder through the DEMO_ACADEMY token.
import type { CourseCategory, DeliveryMode } from '@amahoro/domain/courses/course.types.js';
import type { OrganisationKind } from '@amahoro/domain/nominations/nomination.rules.js';
import type { Language } from '@amahoro/domain/notifications/notification.rules.js';
import type { Gender, ParticipantCategory, Role } from '@amahoro/domain/users/user.types.js';

/** What the API provides under DEMO_ACADEMY. */
export interface DemoAcademy {
  /** Loads the demo academy when the database holds no user but the first admin from the environment. */
  loadIfEmpty(): Promise<void>;
  /** Loads it whatever the database holds (the browser journeys). */
  load(): Promise<void>;
  /** True when the demo academy is in the database (loaded by this start or an earlier one). */
  isLoaded(): Promise<boolean>;
}

export const DEMO_ACADEMY = Symbol('DEMO_ACADEMY');

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  fullName: string;
}

export interface DemoPerson {
  role: Exclude<Role, 'focal_point'>;
  email: string;
  fullName: string;
  gender: Gender;
  nationality: string;
  category: ParticipantCategory;
  rank?: string;
  organization: string;
}

export interface DemoCourse {
  code: string;
  title: string;
  category: CourseCategory;
  deliveryMode: DeliveryMode;
  language: string;
  durationHours: number;
  passMark: number;
  summary: string;
  draft?: boolean;
}

export interface DemoAuthority {
  key: string;
  organisation: { name: string; country: string; kind: OrganisationKind };
  focalPoint: { email: string; fullName: string; preferredLanguage?: Language };
}

export const STAFF_PASSWORD = 'amahoro-demo-staff';
export const TRAINEE_PASSWORD = 'amahoro-demo-trainee';

export const STAFF: DemoPerson[] = [
  { role: 'admin', email: 'admin@amahoro.demo', fullName: 'Grace Mukamana', gender: 'female', nationality: 'RWA', category: 'civilian', organization: 'Amahoro Peace Academy' },
  { role: 'instructor', email: 'habimana@amahoro.demo', fullName: 'Jean-Paul Habimana', gender: 'male', nationality: 'RWA', category: 'military', rank: 'Colonel', organization: 'Rwanda Defence Force' },
  { role: 'instructor', email: 'diallo@amahoro.demo', fullName: 'Aïssatou Diallo', gender: 'female', nationality: 'SEN', category: 'civilian', organization: 'African Union Commission' },
  { role: 'instructor', email: 'mensah@amahoro.demo', fullName: 'Kwame Mensah', gender: 'male', nationality: 'GHA', category: 'police', rank: 'Superintendent', organization: 'Ghana Police Service' },
];

export const TRAINEES: Array<Omit<DemoPerson, 'role'>> = [
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

export const PEOPLE: Array<DemoPerson & { password: string }> = [
  ...STAFF.map((person) => ({ ...person, password: STAFF_PASSWORD })),
  ...TRAINEES.map((person) => ({ ...person, role: 'trainee' as const, password: TRAINEE_PASSWORD })),
];

/** Nominating authorities from three countries, each with its focal point (who logs in with the staff password). */
export const AUTHORITIES: DemoAuthority[] = [
  { key: 'kenya', organisation: { name: 'Kenya Police Service', country: 'KEN', kind: 'police' }, focalPoint: { email: 'focal@police.ke.demo', fullName: 'Wanjiru Kamau' } },
  { key: 'ghana', organisation: { name: 'Ghana Ministry of Defence', country: 'GHA', kind: 'ministry_of_defence' }, focalPoint: { email: 'focal@mod.gh.demo', fullName: 'Kofi Boateng' } },
  { key: 'senegal', organisation: { name: 'Ministère des Forces armées du Sénégal', country: 'SEN', kind: 'ministry_of_defence' }, focalPoint: { email: 'focal@armees.sn.demo', fullName: 'Awa Ndiaye', preferredLanguage: 'fr' } },
];

export const COURSES: DemoCourse[] = [
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

export const DEMO_LOGINS: DemoLogin[] = [
  ...PEOPLE.map(({ role, email, password, fullName }) => ({ role, email, password, fullName })),
  ...AUTHORITIES.map(({ focalPoint }) => ({ role: 'focal_point', email: focalPoint.email, password: STAFF_PASSWORD, fullName: focalPoint.fullName })),
];
