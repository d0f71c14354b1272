import { Global, Module } from '@nestjs/common';
import { AdminTokenGuard, AdminTokenService } from './admin-token.guard';

@Global()
@Module({ providers: [AdminTokenService, AdminTokenGuard], exports: [AdminTokenService, AdminTokenGuard] })
export class AuthModule {}
