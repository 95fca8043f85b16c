import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { CERTIFICATE_STATUSES, type CertificateStatus } from '@amahoro/domain/certificates/certificate.rules.js';
import { trim } from '../../users/dto/fields.js';

export class ReasonDto {
  @ApiProperty({ example: 'Issued with a misspelt name', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class VerifyCredentialDto {
  @ApiProperty({ description: 'The compact JWT (VC-JWT) of a credential' })
  @IsString()
  @Length(0, 100_000)
  credential: string;
}

export class CertificateResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'AMH-7K3QA-9XW2M-M4TPB-8RBDC-2HNCE' })
  serial: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES })
  status: CertificateStatus;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty()
  holderName: string;
  @ApiProperty()
  courseTitle: string;
  @ApiProperty()
  courseCode: string;
  @ApiProperty({ format: 'date' })
  completedOn: string;
  @ApiPropertyOptional({ format: 'date-time' })
  issuedAt?: string;
  @ApiProperty({ description: 'The public page a QR code on the certificate opens' })
  verificationUrl: string;
  @ApiPropertyOptional()
  failureReason?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  revokedAt?: string;
  @ApiPropertyOptional()
  revocationReason?: string;
  @ApiPropertyOptional({ description: 'SHA-256 of the PDF, once issued' })
  pdfSha256?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The certificate this one re-issues' })
  replacesId?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class IssueSummary {
  @ApiProperty({ description: 'Certificates queued by this call: new ones, and failed ones queued again' })
  queued: number;
  @ApiProperty({ description: 'Completed enrolments whose certificate is issued' })
  alreadyIssued: number;
  @ApiProperty({ description: 'Completed enrolments whose certificate was already queued (its job is sent again)' })
  inProgress: number;
  @ApiProperty({ description: 'Enrolments that are not completed' })
  notEligible: number;
}

export class CertificateCounts {
  @ApiProperty()
  queued: number;
  @ApiProperty()
  issued: number;
  @ApiProperty()
  failed: number;
  @ApiProperty()
  revoked: number;
}

export class OfferingCertificates {
  @ApiProperty({ type: [CertificateResponse] })
  items: CertificateResponse[];
  @ApiProperty({ type: CertificateCounts })
  counts: CertificateCounts;
}

export class CertificateList {
  @ApiProperty({ type: [CertificateResponse] })
  items: CertificateResponse[];
}

export class PublicVerification {
  @ApiProperty({ description: 'Issued and not revoked' })
  valid: boolean;
  @ApiProperty({ enum: CERTIFICATE_STATUSES })
  status: CertificateStatus;
  @ApiProperty()
  serial: string;
  @ApiProperty()
  holderName: string;
  @ApiProperty()
  courseTitle: string;
  @ApiProperty()
  courseCode: string;
  @ApiProperty({ format: 'date' })
  completedOn: string;
  @ApiPropertyOptional({ format: 'date-time' })
  issuedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  revokedAt?: string;
  @ApiPropertyOptional()
  revocationReason?: string;
  @ApiPropertyOptional({ description: 'The serial of the certificate that replaced this revoked one (a re-issue)' })
  replacedBy?: string;
  @ApiProperty()
  issuer: string;
}

export class CredentialCheck {
  @ApiProperty({ enum: ['format', 'signature', 'issuer', 'validity', 'revocation'] })
  check: string;
  @ApiProperty()
  passed: boolean;
  @ApiPropertyOptional({ description: 'Not performed (an earlier check failed, or no status list to check against)' })
  skipped?: boolean;
  @ApiPropertyOptional()
  detail?: string;
}

export class CredentialVerification {
  @ApiProperty()
  verified: boolean;
  @ApiProperty({ type: [CredentialCheck] })
  checks: CredentialCheck[];
}
