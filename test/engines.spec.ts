// The Node.js versions the README and package.json promise are ones every installed package supports
// (npm warns EBADENGINE at `npm ci` otherwise, and such a package may use APIs the promised Node lacks).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import semver from 'semver';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

describe('supported Node.js versions', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('are the ones the README states', () => {
    const stated = /Node\.js (\d+(?:\.\d+)?) or newer/.exec(readFileSync('README.md', 'utf8'));
    assert.ok(stated, 'the README names the minimum Node.js version');
    assert.equal(semver.coerce(stated[1])!.version, minimum);
  });

  for (const version of [minimum, process.versions.node]) {
    it(`are supported by every locked package: Node ${version}`, () => {
      const refusing = Object.entries(lock.packages)
        .map(([path, entry]) => [path, Array.isArray(entry.engines) ? undefined : entry.engines?.node] as const)
        .filter(([, range]) => range !== undefined && !semver.satisfies(version, range))
        .map(([path, range]) => `${path.replace(/^.*node_modules\//, '')} wants ${range}`);
      assert.deepEqual(refusing, []);
    });
  }
});
