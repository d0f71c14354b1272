import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { WardsModule } from '../wards/wards.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';

/** Named API tokens for scripts and integrations. */
@Module({
  imports: [UsersModule, WardsModule],
  controllers: [ApiTokensController],
  providers: [ApiTokensRepository],
  exports: [ApiTokensRepository],
})
export class ApiTokensModule {}
