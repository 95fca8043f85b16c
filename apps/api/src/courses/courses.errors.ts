import { AppError, type ErrorCodes } from '../common/app-error.js';

export const CourseErrors = {
  notFound: () => new AppError('COURSE_NOT_FOUND', 'not_found', 'Course not found'),
  codeTaken: (code: string) => new AppError('COURSE_CODE_TAKEN', 'conflict', `A course with code ${code} already exists`),
  unknownPrerequisites: (ids: string[]) =>
    new AppError('COURSE_UNKNOWN_PREREQUISITES', 'invalid', `Unknown prerequisite courses: ${ids.join(', ')}`),
  prerequisiteCycle: () =>
    new AppError('COURSE_PREREQUISITE_CYCLE', 'conflict', 'These prerequisites would make the course require itself'),
  wrongStatus: (from: string, to: string) =>
    new AppError('COURSE_INVALID_STATUS_CHANGE', 'conflict', `A ${from} course cannot become ${to}`),
};

export const OfferingErrors = {
  notFound: () => new AppError('OFFERING_NOT_FOUND', 'not_found', 'Offering not found'),
  invalidDates: (problems: string[]) => new AppError('OFFERING_INVALID_DATES', 'invalid', problems.join('; ')),
  notInstructors: (ids: string[]) =>
    new AppError('OFFERING_INVALID_INSTRUCTORS', 'invalid', `These users are not active instructors: ${ids.join(', ')}`),
  capacityBelowSeatsTaken: (seatsTaken: number) =>
    new AppError('OFFERING_CAPACITY_BELOW_SEATS_TAKEN', 'conflict', `Capacity cannot drop below the ${seatsTaken} seats taken`),
  notChangeable: (status: string) => new AppError('OFFERING_NOT_CHANGEABLE', 'conflict', `A ${status} offering cannot be changed`),
  courseNotOfferable: () =>
    new AppError('OFFERING_COURSE_ARCHIVED', 'conflict', 'An archived course cannot get new offerings'),
};
export type CourseErrorCode = ErrorCodes<typeof CourseErrors>;
export type OfferingErrorCode = ErrorCodes<typeof OfferingErrors>;
