import { Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { KioskAuthenticator } from './kiosk-authenticator';
import { KiosksController } from './kiosks.controller';
import { KiosksRepository } from './kiosks.repository';

@Module({
  imports: [WardsModule],
  controllers: [KiosksController],
  providers: [KiosksRepository, KioskAuthenticator],
  exports: [KioskAuthenticator, KiosksRepository],
})
export class KiosksModule {}
