// What the holder, admins and the public read: certificates, their files, the revocation list, and verification.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { issuerDid, jwks, statusListUrl } from '@amahoro/certificates/credentials/issuer.js';
import { encodeStatusList, signStatusListCredential } from '@amahoro/certificates/credentials/status-list.js';
import { verifyCredential } from '@amahoro/certificates/credentials/verify.js';
import { normalizeSerial } from '@amahoro/domain/certificates/certificate.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { toCertificateResponse, toPublicVerification } from './certificate-responses.js';
import { CertificateErrors } from './certificates.errors.js';
import { type Certificate, CertificatesRepository } from './certificates.repository.js';
import type { CertificateCounts, CertificateResponse, CredentialVerification, PublicVerification } from './dto/certificate.dto.js';

@Injectable()
export class CertificateReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificatesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
  ) {}

  async listForOffering(offeringId: string): Promise<{ items: CertificateResponse[]; counts: CertificateCounts }> {
    if (!(await this.certificates.offeringExists(this.db.manager, offeringId))) throw OfferingErrors.notFound();
    const certificates = await this.certificates.listForOffering(this.db.manager, offeringId);
    const counts: CertificateCounts = { queued: 0, issued: 0, failed: 0, revoked: 0 };
    for (const certificate of certificates) counts[certificate.status]++;
    return { items: certificates.map((certificate) => this.toResponse(certificate)), counts };
  }

  async mine(actor: AuthUser): Promise<CertificateResponse[]> {
    return (await this.certificates.listForUser(this.db.manager, actor.id)).map((certificate) => this.toResponse(certificate));
  }

  /** The holder and admins see a certificate; for anyone else it does not exist. */
  async get(id: string, actor: AuthUser): Promise<CertificateResponse> {
    return this.toResponse(await this.visible(id, actor));
  }

  async pdf(id: string, actor: AuthUser): Promise<{ serial: string; pdf: Buffer }> {
    const certificate = await this.issued(id, actor);
    return { serial: certificate.serial, pdf: await this.certificates.pdf(this.db.manager, id) };
  }

  async credential(id: string, actor: AuthUser): Promise<string> {
    await this.issued(id, actor);
    return this.certificates.credential(this.db.manager, id);
  }

  async verifySerial(serial: string): Promise<PublicVerification> {
    const certificate = await this.certificates.findBySerial(this.db.manager, normalizeSerial(serial));
    if (!certificate) throw CertificateErrors.notFound();
    const replacedBy = certificate.status === 'revoked' ? await this.certificates.replacementSerial(this.db.manager, certificate.id) : null;
    return toPublicVerification(certificate, replacedBy, this.config.certificates.academyName);
  }

  /** The revocation list every credential points to, signed: revoked certificates' positions set. */
  async statusListCredential(): Promise<string> {
    const list = encodeStatusList(await this.certificates.revokedIndexes(this.db.manager));
    return signStatusListCredential(list, this.keys, this.config.publicBaseUrl, this.config.certificates.academyName);
  }

  async verifyCredential(jwt: string): Promise<CredentialVerification> {
    const ownList = statusListUrl(this.config.publicBaseUrl);
    const result = await verifyCredential(jwt, {
      keys: jwks(this.keys, this.config.publicBaseUrl).keys,
      expectedIssuer: issuerDid(this.config.publicBaseUrl),
      fetchStatusList: async (url) => {
        if (url !== ownList) throw new Error(`unknown status list ${url}`);
        return this.statusListCredential();
      },
    });
    return { verified: result.verified, checks: result.checks };
  }

  private async visible(id: string, actor: AuthUser): Promise<Certificate> {
    const certificate = await this.certificates.find(this.db.manager, id);
    if (!certificate || (actor.role !== 'admin' && certificate.userId !== actor.id)) throw CertificateErrors.notFound();
    return certificate;
  }

  private async issued(id: string, actor: AuthUser): Promise<Certificate> {
    const certificate = await this.visible(id, actor);
    if (certificate.status !== 'issued') throw CertificateErrors.notIssued(certificate.status);
    return certificate;
  }

  private toResponse(certificate: Certificate): CertificateResponse {
    return toCertificateResponse(certificate, this.config.publicBaseUrl);
  }
}
