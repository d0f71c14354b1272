import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { KiosksModule } from '../kiosks/kiosks.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { StatsModule } from '../stats/stats.module';
import { TargetsModule } from '../targets/targets.module';
import { WardsModule } from '../wards/wards.module';
import { ReportPdf } from './report-pdf';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

export { ReportsService, type ReportFile, type ReportRequest } from './reports.service';

/**
 * Reports: their figures, the report page's read and the PDF and XLSX files.
 * `ReportsService.render` is what scheduled reports call. StatsService and TargetsService are
 * the ones StatsModule and TargetsModule export: the dashboard's own, not a second of each.
 */
@Module({
  imports: [WardsModule, KiosksModule, PrivacyModule, StatsModule, TargetsModule, CampaignsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReportPdf],
  exports: [ReportsService],
})
export class ReportsModule {}
