import { Module } from '@nestjs/common';
import { KiosksModule } from '../kiosks/kiosks.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { WardsModule } from '../wards/wards.module';
import { StatsController } from './stats.controller';
import { AnalyticsRepository } from './analytics.repository';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

@Module({
  imports: [WardsModule, KiosksModule, PrivacyModule],
  controllers: [StatsController],
  providers: [StatsService, StatsRepository, AnalyticsRepository],
  exports: [StatsRepository, StatsService],
})
export class StatsModule {}
