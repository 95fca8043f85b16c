import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENROLLMENT_STATUSES } from '../enrollments/enrollment.rules.js';
import { canReissue, canRetry, canRevoke, isEligible, newSerial, normalizeSerial, SERIAL_CHARACTERS, SERIAL_PATTERN } from './certificate.rules.js';

describe('certificate serials', () => {
  it('are short, readable and different every time', () => {
    const serials = new Set(Array.from({ length: 5000 }, newSerial));
    assert.equal(serials.size, 5000);
    for (const serial of [...serials].slice(0, 100)) assert.match(serial, SERIAL_PATTERN);
    for (const serial of serials) assert.ok([...serial].every((char) => SERIAL_CHARACTERS.includes(char)), serial);
  });

  it('read back what a person typed', () => {
    const serial = newSerial();
    assert.equal(normalizeSerial(serial.toLowerCase()), serial);
    assert.equal(normalizeSerial(serial.replace(/-/g, ' ')), serial);
    assert.equal(normalizeSerial('amh-ooooo-iiiii-lllll-00000-11111'), 'AMH-00000-11111-11111-00000-11111');
    assert.equal(normalizeSerial('nonsense'), 'NONSENSE');
  });
});

describe('certificate moves', () => {
  it('revokes anything not yet revoked, retries failures, re-issues issued or failed ones', () => {
    assert.deepEqual([canRevoke('issued'), canRevoke('queued'), canRevoke('revoked')], [true, true, false]);
    assert.deepEqual([canRetry('failed'), canRetry('issued')], [true, false]);
    assert.deepEqual([canReissue('issued'), canReissue('failed'), canReissue('queued'), canReissue('revoked')], [true, true, false, false]);
  });
});

describe('certificate eligibility', () => {
  it('is earned by a completed enrolment and by no other', () => {
    assert.deepEqual(ENROLLMENT_STATUSES.filter(isEligible), ['completed']);
  });
});
