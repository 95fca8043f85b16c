// The small demo academy `npm start` loads into an empty database, so a newcomer has something to click.
// Each capability adds its part here (courses, offerings, grades, certificates).
import type { INestApplicationContext } from '@nestjs/common';
import type { CreateUserDto } from '../users/dto/users.dto.js';
import { UsersService } from '../users/users.service.js';

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

export const DEMO_LOGINS: DemoLogin[] = PEOPLE.map(({ role, email, password, fullName }) => ({ role, email, password, fullName }));

/** Loads the demo academy into an empty database. */
export async function seedDemoAcademy(app: INestApplicationContext): Promise<void> {
  const users = app.get(UsersService);
  for (const person of PEOPLE) await users.create(person);
}

/** True when the demo academy is in the database (loaded by this start or an earlier one). */
export async function hasDemoAcademy(app: INestApplicationContext): Promise<boolean> {
  return (await app.get(UsersService).findByEmail(STAFF[0]!.email)) !== null;
}
