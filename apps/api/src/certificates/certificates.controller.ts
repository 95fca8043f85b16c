import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
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
@ApiBearerAuth()
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Roles('admin')
  @Post('offerings/:id/certificates')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IssueSummary, description: 'One job per completed enrolment without a live certificate' })
  @ApiErrors(401, 403, 404)
  issueForOffering(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<IssueSummary> {
    return this.certificates.issueForOffering(offeringId, me);
  }

  @Roles('admin')
  @Post('enrollments/:id/certificate')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse, description: 'The enrolment’s live certificate, queued if it had none' })
  @ApiErrors(401, 403, 404, 409)
  issueForEnrollment(@Param('id', ParseUUIDPipe) enrollmentId: string, @CurrentUser() me: AuthUser): Promise<CertificateResponse> {
    return this.certificates.issueForEnrollment(enrollmentId, me);
  }

  @Roles('admin')
  @Get('offerings/:id/certificates')
  @ApiOkResponse({ type: OfferingCertificates, description: 'Progress of a bulk issue' })
  @ApiErrors(401, 403, 404)
  listForOffering(@Param('id', ParseUUIDPipe) offeringId: string): Promise<OfferingCertificates> {
    return this.certificates.listForOffering(offeringId);
  }

  @Roles('trainee')
  @Get('me/certificates')
  @ApiOkResponse({ type: CertificateList })
  @ApiErrors(401, 403)
  async mine(@CurrentUser() me: AuthUser): Promise<CertificateList> {
    return { items: await this.certificates.mine(me) };
  }

  @Get('certificates/:id')
  @ApiOkResponse({ type: CertificateResponse, description: 'The holder and admins' })
  @ApiErrors(401, 404)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<CertificateResponse> {
    return this.certificates.get(id, me);
  }

  @Get('certificates/:id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate as PDF: the holder and admins' })
  @ApiErrors(401, 404, 409)
  async pdf(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { serial, pdf } = await this.certificates.pdf(id, me);
    void reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${serial}.pdf"`);
    return pdf;
  }

  @Get('certificates/:id/credential')
  @ApiProduces('application/vc+jwt')
  @ApiOkResponse({ description: 'The signed Open Badges 3.0 credential as a compact JWT' })
  @ApiErrors(401, 404, 409)
  async credential(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const jwt = await this.certificates.credential(id, me);
    void reply.type('application/vc+jwt');
    return jwt;
  }

  @Roles('admin')
  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: CertificateResponse, description: 'The reason is shown publicly' })
  @ApiErrors(401, 403, 404, 409)
  revoke(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: ReasonDto): Promise<CertificateResponse> {
    return this.certificates.revoke(id, dto.reason, me);
  }

  @Roles('admin')
  @Post('certificates/:id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse })
  @ApiErrors(401, 403, 404, 409)
  retry(@Param('id', ParseUUIDPipe) id: string): Promise<CertificateResponse> {
    return this.certificates.retry(id);
  }

  @Roles('admin')
  @Post('certificates/:id/reissue')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CertificateResponse, description: 'The new certificate (new serial); the old one is revoked' })
  @ApiErrors(401, 403, 404, 409)
  reissue(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: ReasonDto): Promise<CertificateResponse> {
    return this.certificates.reissue(id, dto.reason, me);
  }

  @Public()
  @UseGuards(VerifyRateLimitGuard)
  @Get('verify/:serial')
  @ApiOkResponse({ type: PublicVerification })
  @ApiErrors(404, 429)
  verify(@Param('serial') serial: string): Promise<PublicVerification> {
    return this.certificates.verifySerial(serial);
  }

  @Public()
  @UseGuards(VerifyRateLimitGuard)
  @Post('verify/credential')
  @HttpCode(200)
  @ApiOkResponse({ type: CredentialVerification, description: 'Signature, issuer, validity and revocation; a malformed credential is verified: false' })
  @ApiErrors(429)
  verifyCredential(@Body() dto: VerifyCredentialDto): Promise<CredentialVerification> {
    return this.certificates.verifyCredential(dto.credential);
  }

  @Public()
  @Get('credentials/status/1')
  @ApiProduces('application/vc+jwt')
  @ApiOkResponse({ description: 'The signed Bitstring Status List of revoked certificates' })
  async statusList(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const jwt = await this.certificates.statusListCredential();
    void reply.type('application/vc+jwt').header('cache-control', 'public, max-age=60');
    return jwt;
  }
}
