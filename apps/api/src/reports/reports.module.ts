import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { KiosksModule } from '../kiosks/kiosks.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { AnalyticsRepository } from '../stats/analytics.repository';
import { StatsModule } from '../stats/stats.module';
import { StatsService } from '../stats/stats.service';
import { TargetsModule } from '../targets/targets.module';
import { TargetsService } from '../targets/targets.service';
import { WardsModule } from '../wards/wards.module';
import { ReportPdf } from './report-pdf';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

export { ReportsService, type ReportFile, type ReportRequest } from './reports.service';

/**
 * Reports: their figures, the report page's read and the PDF and XLSX files.
 * `ReportsService.render` is what scheduled reports call. StatsService and TargetsService hold
 * no state of their own, so this module makes its own of each from the repositories their
 * modules share, rather than widen those modules' exports.
 */
@Module({
  imports: [WardsModule, KiosksModule, PrivacyModule, StatsModule, TargetsModule, CampaignsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReportPdf, StatsService, AnalyticsRepository, TargetsService],
  exports: [ReportsService],
})
export class ReportsModule {}
