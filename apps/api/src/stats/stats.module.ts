import { Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';

@Module({
  imports: [WardsModule],
  controllers: [StatsController],
  providers: [StatsRepository],
  exports: [StatsRepository],
})
export class StatsModule {}
