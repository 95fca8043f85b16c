import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Nominations1795001400000 implements MigrationInterface {
  name = 'Nominations1795001400000';

  async up(db: QueryRunner): Promise<void> {
    // Nominating authorities: a ministry, a police service, a regional body, a UN entity.
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country char(3),
        kind text NOT NULL CHECK (kind IN ('ministry_of_defence', 'police', 'ministry_of_foreign_affairs', 'ministry_of_interior',
                                           'regional_body', 'un_entity', 'ngo', 'academy', 'other')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX organisations_name_idx ON organisations (lower(name))`);

    // A focal point is the officer of exactly one organisation.
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_role_check`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('trainee', 'instructor', 'admin', 'focal_point'))`);
    await db.query(`ALTER TABLE users ADD COLUMN organisation_id uuid REFERENCES organisations (id)`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_focal_point_organisation CHECK (role <> 'focal_point' OR organisation_id IS NOT NULL)`);
    await db.query(`CREATE INDEX users_organisation_idx ON users (organisation_id) WHERE organisation_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE nomination_calls (
        offering_id uuid PRIMARY KEY REFERENCES offerings (id) ON DELETE CASCADE,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        parity_rule text NOT NULL CHECK (parity_rule IN ('none', 'at_least_one_woman', 'women_at_least_men')),
        target_women_percent numeric(5, 2) CHECK (target_women_percent BETWEEN 0 AND 100),
        eligibility jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (opens_at < closes_at)
      )`);
    await db.query(`
      CREATE TABLE nomination_allocations (
        offering_id uuid NOT NULL REFERENCES nomination_calls (offering_id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        seats int NOT NULL CHECK (seats >= 0),
        PRIMARY KEY (offering_id, organisation_id)
      )`);
    await db.query(`
      CREATE TABLE nominations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        offering_id uuid NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        status text NOT NULL DEFAULT 'nominated'
          CHECK (status IN ('nominated', 'selected', 'alternate', 'not_selected', 'withdrawn', 'substituted')),
        email text NOT NULL,
        full_name text NOT NULL,
        gender text NOT NULL,
        nationality char(3) NOT NULL,
        category text NOT NULL,
        rank text,
        position text,
        languages text[] NOT NULL DEFAULT '{}',
        priority int,
        problems jsonb NOT NULL DEFAULT '[]',
        user_id uuid REFERENCES users (id),
        enrollment_id uuid REFERENCES enrollments (id),
        replaces_id uuid REFERENCES nominations (id),
        nominated_by uuid NOT NULL REFERENCES users (id),
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A candidate stands once per offering, whoever nominates them.
    await db.query(`CREATE UNIQUE INDEX nominations_live_candidate_idx ON nominations (offering_id, email) WHERE status NOT IN ('withdrawn', 'substituted')`);
    await db.query(`CREATE INDEX nominations_offering_org_idx ON nominations (offering_id, organisation_id, seq)`);
    await db.query(`CREATE UNIQUE INDEX nominations_enrollment_idx ON nominations (enrollment_id) WHERE enrollment_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE nominations`);
    await db.query(`DROP TABLE nomination_allocations`);
    await db.query(`DROP TABLE nomination_calls`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_focal_point_organisation`);
    await db.query(`DELETE FROM users WHERE role = 'focal_point'`);
    await db.query(`ALTER TABLE users DROP COLUMN organisation_id`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_role_check`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('trainee', 'instructor', 'admin'))`);
    await db.query(`DROP TABLE organisations`);
  }
}
