import { Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { CredentialEvents } from './credential-events';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';

/** The users an admin manages, and the news that a credential changed (for whatever holds one). */
@Module({
  imports: [WardsModule],
  controllers: [UsersController],
  providers: [UsersRepository, CredentialEvents],
  exports: [UsersRepository, CredentialEvents],
})
export class UsersModule {}
