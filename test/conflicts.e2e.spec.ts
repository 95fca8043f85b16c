// A request whose transaction PostgreSQL rolls back because it collided with a concurrent one (here a real
// deadlock) answers 503 TRANSACTION_CONFLICT with Retry-After, and succeeds sent again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

describe('transactions that collide', () => {
  const app = useApp({ users: { trainee: 'trainee' } });

  it('answers a deadlock 503 TRANSACTION_CONFLICT with Retry-After; nothing of it is written, and sent again it succeeds', async () => {
    const course = await createCourse(app.api, app.admin);
    const { id: offeringId } = await createOffering(app.api, app.admin, course.id, { capacity: 5 });
    const enrolled = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.users.trainee.token });
    assert.equal(enrolled.status, 201);
    const enrollmentId: string = enrolled.body.id;
    const withdraw = () => app.api.post(`/api/v1/enrollments/${enrollmentId}/withdraw`, { token: app.users.trainee.token });

    // Another transaction holds the enrolment's row, and will want the offering's.
    await withHeldTransaction(app.db, async (other) => {
      // PostgreSQL ends one side of a deadlock: the side that has waited longer looks first, so make it the request's.
      await other.query(`SET LOCAL deadlock_timeout = '10s'`);
      await other.query('SELECT id FROM enrollments WHERE id = $1 FOR UPDATE', [enrollmentId]);
      // The withdrawal takes the offering's lock, then waits to change the enrolment.
      const answer = withdraw();
      await untilWaitingOnLock(app.db, '%UPDATE enrollments SET status%', 'a statement like "UPDATE enrollments SET status" waits for a lock');
      const otherLocks = other.query('SELECT id FROM offerings WHERE id = $1 FOR UPDATE', [offeringId]);
      const reply = await answer;
      assert.deepEqual([reply.status, reply.body.code, reply.headers.get('retry-after')], [503, 'TRANSACTION_CONFLICT', '1'], JSON.stringify(reply.body));
      assert.equal(reply.body.errorId, undefined, 'not reported as a fault');
      await otherLocks;
    });

    const [row] = await app.db.query('SELECT e.status, o.seats_taken FROM enrollments e JOIN offerings o ON o.id = e.offering_id WHERE e.id = $1', [enrollmentId]);
    assert.deepEqual([row.status, row.seats_taken], ['approved', 1], 'the withdrawal was rolled back whole');
    const again = await withdraw();
    assert.deepEqual([again.status, again.body.status], [200, 'withdrawn']);
  });
});
