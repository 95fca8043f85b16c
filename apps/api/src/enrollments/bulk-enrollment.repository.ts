// The accounts bulk nominations look up and create. Every method takes the manager to run on (each row's
// transaction, or the savepoint of a dry run).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from '@amahoro/database/entities/user.entity.js';

@Injectable()
export class BulkEnrollmentRepository {
  userByEmail(db: EntityManager, email: string): Promise<User | null> {
    return db.getRepository(User).findOneBy({ email });
  }

  /** A new trainee, saved. */
  createTrainee(db: EntityManager, fields: Partial<User>): Promise<User> {
    const users = db.getRepository(User);
    return users.save(users.create({ ...fields, role: 'trainee' }));
  }
}
