import { Module } from '@nestjs/common';
import { WardsModule } from '../wards/wards.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [WardsModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService],
  exports: [CampaignsRepository],
})
export class CampaignsModule {}
