import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { UsersModule } from '../users/users.module';
import { WardsModule } from '../wards/wards.module';
import { LiveCountsService } from './live-counts.service';
import { LiveGateway } from './live.gateway';

@Module({ imports: [StatsModule, UsersModule, WardsModule], providers: [LiveCountsService, LiveGateway] })
export class LiveModule {}
