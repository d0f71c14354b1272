import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { API_CONFIG, type ApiConfig } from '../config';
import { ApiTokensController } from '../tokens/api-tokens.controller';
import { ApiTokensRepository } from '../tokens/api-tokens.repository';
import { UsersController } from '../users/users.controller';
import { UsersRepository } from '../users/users.repository';
import { WardsModule } from '../wards/wards.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { CredentialEvents } from './credential-events';
import { FirstAdmin } from './first-admin';
import { RateLimits } from './rate-limits';
import { SessionsRepository } from './sessions.repository';

/** Who may do what: sign-in, users, API tokens, the global guard and the rate limits. */
@Global()
@Module({
  imports: [
    WardsModule,
    JwtModule.registerAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, UsersController, ApiTokensController],
  providers: [
    Authenticator,
    CredentialEvents,
    RateLimits,
    SessionsRepository,
    UsersRepository,
    ApiTokensRepository,
    FirstAdmin,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [Authenticator, CredentialEvents, RateLimits],
})
export class AuthModule {}
