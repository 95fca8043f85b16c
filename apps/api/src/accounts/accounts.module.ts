import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsController, UserAccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [AuthModule, UsersModule],
  controllers: [AccountsController, UserAccountsController],
  providers: [AccountsService, AccountsRepository],
})
export class AccountsModule {}
