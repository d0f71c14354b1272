import { Module } from '@nestjs/common';
import { PopulationsRepository } from './populations.repository';
import { WardAccess } from './ward-code';
import { WardsController } from './wards.controller';
import { WardsRepository } from './wards.repository';

@Module({
  controllers: [WardsController],
  providers: [WardsRepository, PopulationsRepository, WardAccess],
  exports: [WardsRepository, PopulationsRepository, WardAccess],
})
export class WardsModule {}
