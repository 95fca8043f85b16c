import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { signCertificateCredential } from './credential.js';
import { BASE_URL, certificateClaims, ISSUER, newIssuerKeys } from './testing.js';

describe('certificate credential', () => {
  it('is an Open Badges 3.0 credential signed as a VC-JWT', async () => {
    const keys = await newIssuerKeys();
    const claims = certificateClaims();
    const jwt = await signCertificateCredential(claims, keys, BASE_URL);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'EdDSA', typ: 'vc+jwt', kid: `${ISSUER}#key-1` });

    const payload = decodeJwt(jwt);
    const id = 'urn:uuid:6f1c2b7e-3d4a-4b8e-9c0f-1a2b3c4d5e6f';
    const statusList = `${BASE_URL}/api/v1/credentials/status/1`;
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    assert.deepEqual(payload.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(payload.id, id);
    assert.deepEqual(payload.issuer, { id: ISSUER, type: ['Profile'], name: 'Amahoro Peace Academy', url: BASE_URL });
    assert.equal(payload.validFrom, '2025-03-20T09:30:00Z');
    assert.deepEqual(payload.credentialSubject, {
      id: `${id}#holder`,
      type: ['AchievementSubject'],
      name: 'Aline Uwimana',
      achievement: {
        id: `${BASE_URL}/api/v1/courses/by-code/POC-101`,
        type: ['Achievement'],
        name: 'Protection of Civilians in UN Peace Operations',
        description: 'Legal and operational frameworks for protecting civilians.',
        criteria: {
          narrative:
            'Completion of the 40-hour course POC-101 "Protection of Civilians in UN Peace Operations" of Amahoro Peace Academy: ' +
            'a final weighted score at or above the course pass mark and attendance at or above the required minimum.',
        },
        achievementType: 'Certificate',
        humanCode: 'POC-101',
      },
    });
    assert.deepEqual(payload.credentialStatus, {
      id: `${statusList}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: statusList,
    });
    assert.deepEqual(payload.evidence, [
      { id: claims.verificationUrl, type: ['Evidence'], name: 'Certificate AMH-2025-000123', description: 'The public verification page of this certificate.' },
    ]);
    assert.match(String(payload.description), /completed POC-101 .* on 2025-03-14\. Certificate AMH-2025-000123\./);

    const issuedAt = claims.issuedAt.getTime() / 1000;
    assert.equal(payload.iss, ISSUER);
    assert.equal(payload.jti, id);
    assert.equal(payload.sub, `${id}#holder`);
    assert.equal(payload.nbf, issuedAt);
    assert.equal(payload.iat, issuedAt);
    assert.equal(payload.exp, undefined);
  });

  it('never carries the holder email', async () => {
    const jwt = await signCertificateCredential(certificateClaims(), await newIssuerKeys(), BASE_URL);
    const text = JSON.stringify(decodeJwt(jwt));
    assert.equal(text.includes('aline.uwimana@example.org'), false);
    assert.doesNotMatch(text, /email/i);
  });

  it('describes the course itself when it has no summary', async () => {
    const jwt = await signCertificateCredential(certificateClaims({ courseSummary: undefined }), await newIssuerKeys(), BASE_URL);
    const subject = decodeJwt(jwt).credentialSubject as { achievement: { description: string } };
    assert.equal(subject.achievement.description, 'The 40-hour course POC-101 "Protection of Civilians in UN Peace Operations" of Amahoro Peace Academy.');
  });

  it('refuses claims it cannot represent', async () => {
    const keys = await newIssuerKeys();
    await assert.rejects(signCertificateCredential(certificateClaims({ certificateId: 'CERT-1' }), keys, BASE_URL), TypeError);
    await assert.rejects(signCertificateCredential(certificateClaims({ statusListIndex: 131072 }), keys, BASE_URL), RangeError);
    await assert.rejects(signCertificateCredential(certificateClaims({ statusListIndex: -1 }), keys, BASE_URL), RangeError);
    await assert.rejects(signCertificateCredential(certificateClaims({ issuedAt: new Date('nonsense') }), keys, BASE_URL), RangeError);
  });
});
