import { AppError } from '../common/app-error.js';

export const CertificateErrors = {
  notFound: () => new AppError('CERTIFICATE_NOT_FOUND', 'not_found', 'Certificate not found'),
  notEligible: (status: string) =>
    new AppError('CERTIFICATE_NOT_ELIGIBLE', 'conflict', `Only a completed enrolment earns a certificate; this one is ${status}`),
  notIssued: (status: string) => new AppError('CERTIFICATE_NOT_ISSUED', 'conflict', `The certificate is ${status}, not issued`),
  wrongStatus: (action: string, status: string) =>
    new AppError('CERTIFICATE_INVALID_TRANSITION', 'conflict', `Cannot ${action} a certificate that is ${status}`),
  tooManyVerifications: (retryAfter: number) =>
    new AppError('VERIFY_RATE_LIMITED', 'too_many_requests', 'Too many verification requests from this address; try again shortly', retryAfter),
};
