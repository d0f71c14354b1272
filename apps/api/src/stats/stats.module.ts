import { Module } from '@nestjs/common';
import { KiosksModule } from '../kiosks/kiosks.module';
import { WardsModule } from '../wards/wards.module';
import { StatsController } from './stats.controller';
import { AnalyticsRepository } from './analytics.repository';
import { StatsRepository } from './stats.repository';

@Module({
  imports: [WardsModule, KiosksModule],
  controllers: [StatsController],
  providers: [StatsRepository, AnalyticsRepository],
  exports: [StatsRepository],
})
export class StatsModule {}
