import { Module } from '@nestjs/common';
import { AccountsController, UserAccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

@Module({
  controllers: [AccountsController, UserAccountsController],
  providers: [AccountsService],
})
export class AccountsModule {}
