import { Module } from '@nestjs/common';
import { WardsController } from './wards.controller';
import { WardsRepository } from './wards.repository';

@Module({ controllers: [WardsController], providers: [WardsRepository], exports: [WardsRepository] })
export class WardsModule {}
