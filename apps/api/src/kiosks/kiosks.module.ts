import { Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { KioskAuthenticator } from './kiosk-authenticator';
import { KioskKeys } from './kiosk-keys';
import { KioskPairController } from './kiosk-pair.controller';
import { KioskPairingRepository } from './kiosk-pairing.repository';
import { KioskPairing } from './kiosk-pairing.service';
import { KiosksController } from './kiosks.controller';
import { KiosksRepository } from './kiosks.repository';

@Module({
  imports: [WardsModule],
  controllers: [KiosksController, KioskPairController],
  providers: [KiosksRepository, KioskAuthenticator, KioskKeys, KioskPairing, KioskPairingRepository],
  exports: [KioskAuthenticator, KiosksRepository],
})
export class KiosksModule {}
