import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { ApiTokensModule } from '../tokens/api-tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { FirstAdmin } from './first-admin';
import { RateLimits } from './rate-limits';
import { SessionsRepository } from './sessions.repository';

/** Who may do what: sign-in, the global guard and the rate limits, over the users and the API tokens. */
@Global()
@Module({
  imports: [
    UsersModule,
    ApiTokensModule,
    JwtModule.registerAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [Authenticator, RateLimits, SessionsRepository, FirstAdmin, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [Authenticator, RateLimits],
})
export class AuthModule {}
