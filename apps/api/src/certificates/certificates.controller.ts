import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ApiFileResponse } from '../common/error-responses.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { CertificateErrors } from './certificates.errors.js';
import { CertificateReadsService } from './certificate-reads.service.js';
import { CertificatesService } from './certificates.service.js';
import {
  CertificateList,
  CertificateResponse,
  CredentialVerification,
  IssueSummary,
  OfferingCertificates,
  PublicVerification,
  ReasonDto,
  VerifyCredentialDto,
} from './dto/certificate.dto.js';
import { VerifyRateLimitGuard } from './verify-rate-limit.guard.js';

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly reads: CertificateReadsService,
  ) {}

  @Roles('admin')
  @Post('offerings/:id/certificates')
  @ApiOperation({ summary: 'Issue the certificates of an offering: one job per completed enrolment' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IssueSummary, description: 'One job per completed enrolment without a live certificate' })
  @ApiErrors(401, 403, OfferingErrors.notFound())
  issueCertificates(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<IssueSummary> {
    return this.certificates.issueForOffering(offeringId, me);
  }

  @Roles('admin')
  @Post('enrollments/:id/certificate')
  @ApiOperation({ summary: 'Issue one enrolment’s certificate' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse, description: 'The enrolment’s live certificate, queued if it had none' })
  @ApiErrors(401, 403, EnrollmentErrors.notFound(), CertificateErrors.notEligible('failed'))
  issueCertificate(@Param('id', ParseUUIDPipe) enrollmentId: string, @CurrentUser() me: AuthUser): Promise<CertificateResponse> {
    return this.certificates.issueForEnrollment(enrollmentId, me);
  }

  @Roles('admin')
  @Get('offerings/:id/certificates')
  @ApiOperation({ summary: 'The certificates of an offering, with counts by status (progress of a bulk issue)' })
  @ApiOkResponse({ type: OfferingCertificates, description: 'Progress of a bulk issue' })
  @ApiErrors(401, 403, OfferingErrors.notFound())
  listOfferingCertificates(@Param('id', ParseUUIDPipe) offeringId: string): Promise<OfferingCertificates> {
    return this.reads.listForOffering(offeringId);
  }

  @Roles('trainee')
  @Get('me/certificates')
  @ApiOperation({ summary: 'My certificates' })
  @ApiOkResponse({ type: CertificateList })
  @ApiErrors(401, 403)
  async listMyCertificates(@CurrentUser() me: AuthUser): Promise<CertificateList> {
    return { items: await this.reads.mine(me) };
  }

  @Get('certificates/:id')
  @ApiOperation({ summary: 'A certificate' })
  @ApiOkResponse({ type: CertificateResponse, description: 'The holder and admins' })
  @ApiErrors(401, CertificateErrors.notFound())
  getCertificate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<CertificateResponse> {
    return this.reads.get(id, me);
  }

  @Get('certificates/:id/pdf')
  @ApiOperation({ summary: 'A certificate as PDF' })
  @ApiFileResponse('application/pdf', 'The certificate as PDF: the holder and admins')
  @ApiErrors(401, CertificateErrors.notFound(), CertificateErrors.notIssued('queued'))
  async getCertificatePdf(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { serial, pdf } = await this.reads.pdf(id, me);
    void reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${serial}.pdf"`);
    return pdf;
  }

  @Get('certificates/:id/credential')
  @ApiOperation({ summary: 'A certificate as a signed Open Badges 3.0 credential (VC-JWT)' })
  @ApiFileResponse('application/vc+jwt', 'The signed Open Badges 3.0 credential as a compact JWT')
  @ApiErrors(401, CertificateErrors.notFound(), CertificateErrors.notIssued('queued'))
  async getCertificateCredential(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const jwt = await this.reads.credential(id, me);
    void reply.type('application/vc+jwt');
    return jwt;
  }

  @Roles('admin')
  @Post('certificates/:id/revoke')
  @ApiOperation({ summary: 'Revoke a certificate, with a public reason' })
  @HttpCode(200)
  @ApiOkResponse({ type: CertificateResponse, description: 'The reason is shown publicly' })
  @ApiErrors(401, 403, CertificateErrors.notFound(), CertificateErrors.wrongStatus('revoke', 'revoked'))
  revokeCertificate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: ReasonDto): Promise<CertificateResponse> {
    return this.certificates.revoke(id, dto.reason, me);
  }

  @Roles('admin')
  @Post('certificates/:id/retry')
  @ApiOperation({ summary: 'Queue a failed certificate again' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse })
  @ApiErrors(401, 403, CertificateErrors.notFound(), CertificateErrors.wrongStatus('retry', 'issued'))
  retryCertificate(@Param('id', ParseUUIDPipe) id: string): Promise<CertificateResponse> {
    return this.certificates.retry(id);
  }

  @Roles('admin')
  @Post('certificates/:id/reissue')
  @ApiOperation({ summary: 'Re-issue a certificate under a new serial; the old one is revoked' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse, description: 'The new certificate (new serial); the old one is revoked' })
  @ApiErrors(401, 403, CertificateErrors.notFound(), CertificateErrors.wrongStatus('re-issue', 'queued'), CertificateErrors.notEligible('failed'))
  reissueCertificate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: ReasonDto): Promise<CertificateResponse> {
    return this.certificates.reissue(id, dto.reason, me);
  }

  @Public()
  @UseGuards(VerifyRateLimitGuard)
  @Get('verify/:serial')
  @ApiOperation({ summary: 'Verify a certificate by its serial' })
  @ApiOkResponse({ type: PublicVerification })
  @ApiErrors(CertificateErrors.notFound(), CertificateErrors.tooManyVerifications(60))
  verifySerial(@Param('serial') serial: string): Promise<PublicVerification> {
    return this.reads.verifySerial(serial);
  }

  @Public()
  @UseGuards(VerifyRateLimitGuard)
  @Post('verify/credential')
  @ApiOperation({ summary: 'Verify a signed credential: signature, issuer, validity, revocation' })
  @HttpCode(200)
  @ApiOkResponse({ type: CredentialVerification, description: 'Signature, issuer, validity and revocation; a malformed credential is verified: false' })
  @ApiErrors(CertificateErrors.tooManyVerifications(60))
  verifyCredential(@Body() dto: VerifyCredentialDto): Promise<CredentialVerification> {
    return this.reads.verifyCredential(dto.credential);
  }

  @Public()
  @Get('credentials/status/1')
  @ApiOperation({ summary: 'The signed Bitstring Status List of revoked certificates' })
  @ApiFileResponse('application/vc+jwt', 'The signed Bitstring Status List of revoked certificates')
  @ApiErrors()
  async getStatusList(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const jwt = await this.reads.statusListCredential();
    void reply.type('application/vc+jwt').header('cache-control', 'public, max-age=60');
    return jwt;
  }
}
