import { Module } from '@nestjs/common';
import { WardAccess } from './ward-code';
import { WardsController } from './wards.controller';
import { WardsRepository } from './wards.repository';

@Module({
  controllers: [WardsController],
  providers: [WardsRepository, WardAccess],
  exports: [WardsRepository, WardAccess],
})
export class WardsModule {}
