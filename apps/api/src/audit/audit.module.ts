import { Global, Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import { AuditRetention } from './audit-retention';
import { ReadAudit } from './read-audit';

@Global()
@Module({
  imports: [WardsModule],
  controllers: [AuditController],
  providers: [AuditLog, ReadAudit, AuditRetention],
  exports: [AuditLog, ReadAudit],
})
export class AuditModule {}
