import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { StatsModule } from '../stats/stats.module';
import { TargetsModule } from '../targets/targets.module';
import { WardsModule } from '../wards/wards.module';
import { PublicController } from './public.controller';
import { PublicViewCache } from './public-view.cache';
import { PublicViewService } from './public-view.service';
import { ShareLinksController } from './share-links.controller';
import { ShareLinksRepository } from './share-links.repository';

/** The public view and the share links that open it (docs/privacy.md, "The public view"). */
@Module({
  imports: [StatsModule, PrivacyModule, WardsModule, TargetsModule],
  controllers: [ShareLinksController, PublicController],
  providers: [ShareLinksRepository, PublicViewService, PublicViewCache],
})
export class PublicModule {}
