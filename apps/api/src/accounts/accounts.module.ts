import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AccountsController, UserAccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [AuthModule],
  controllers: [AccountsController, UserAccountsController],
  providers: [AccountsService],
})
export class AccountsModule {}
