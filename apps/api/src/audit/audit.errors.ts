import { AppError, type ErrorCodes } from '../common/app-error.js';

export const AuditErrors = {
  noCheckpoint: () => new AppError('AUDIT_CHECKPOINT_NOT_FOUND', 'not_found', 'The audit trail has no signed checkpoint yet'),
};
export type AuditErrorCode = ErrorCodes<typeof AuditErrors>;
