import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { AuditService } from './audit.service.js';
import { AuditPage, AuditQuery } from './dto/audit.dto.js';

@ApiTags('audit')
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail: who did what, when, by actor, entity and dates' })
  @ApiOkResponse({ type: AuditPage, description: 'Newest first. Hash-chained: `npm run audit:verify` checks the chain' })
  @ApiErrors(401, 403)
  listAuditRecords(@Query() query: AuditQuery): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
