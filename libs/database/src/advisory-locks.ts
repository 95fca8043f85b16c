/**
 * Every PostgreSQL advisory lock the platform takes, in one place so that no two uses share an id by accident.
 * A lock on one object takes the id as the first of two int4 keys (`pg_advisory_xact_lock(id, hashtext(object))`),
 * a key space apart from the single-key locks.
 */
export enum AdvisoryLock {
  /** Processes starting together migrate one at a time. */
  Migrations = 7_262_001,
  /** Changes of role or activity, so that the last active admin is never removed by two requests at once. */
  AdminChanges = 7_262_002,
  /** Prerequisite edits, so that two of them never make a cycle together. */
  Prerequisites = 7_262_003,
  /** Per assessment (second key): its grade writers take turns, so versions never collide. */
  Grades = 7_262_004,
  /** The audit trail's sealers take turns (writers never take it), so the hash chain never forks. */
  AuditSealer = 7_262_011,
}
