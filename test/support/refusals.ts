// What an admin-only route answers everyone else, with the API's usual error body.
import assert from 'node:assert/strict';
import type { TestApi, TestUser } from './harness.js';

export type Route = [method: string, path: string, body?: unknown];

/** Each route answers 403 Forbidden to each of `others` (signed in, not admins) and 401 Unauthorized without a token. */
export async function assertAdminOnly(api: TestApi, routes: Route[], others: TestUser[]): Promise<void> {
  for (const [method, path, body] of routes) {
    for (const user of others) {
      const forbidden = await api.request(method, path, { token: user.token, body });
      assert.equal(forbidden.status, 403, `${method} ${path}`);
      assert.deepEqual(Object.keys(forbidden.body).sort(), ['code', 'error', 'message', 'statusCode']);
      assert.equal(forbidden.body.error, 'Forbidden');
    }
    const anonymous = await api.request(method, path, { body });
    assert.equal(anonymous.status, 401, `${method} ${path}`);
    assert.equal(anonymous.body.error, 'Unauthorized');
  }
}
