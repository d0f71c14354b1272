import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { WardsModule } from '../wards/wards.module';
import { LiveCountsRepository } from './live-counts.repository';
import { LiveCountsService } from './live-counts.service';
import { LiveGateway } from './live.gateway';

@Module({ imports: [UsersModule, WardsModule], providers: [LiveCountsRepository, LiveCountsService, LiveGateway] })
export class LiveModule {}
