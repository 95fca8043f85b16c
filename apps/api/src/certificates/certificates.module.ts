import { Module } from '@nestjs/common';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificateReadsService } from './certificate-reads.service.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { VerifyRateLimiter, VerifyRateLimitGuard } from './verify-rate-limit.guard.js';

@Module({
  imports: [QueueModule],
  controllers: [CertificatesController],
  providers: [CertificatesService, CertificateReadsService, CertificatesRepository, VerifyRateLimiter, VerifyRateLimitGuard],
})
export class CertificatesModule {}
