import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { WardsModule } from '../wards/wards.module';
import { ReportDeliveryQueue } from './delivery-queue';
import { ReportRunFiles } from './report-run-files';
import { ReportsModule } from './reports.module';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsRepository } from './subscriptions.repository';

/** Scheduled reports: subscriptions, the BullMQ schedules and the e-mail deliveries. */
@Module({
  imports: [ReportsModule, MailModule, WardsModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsRepository, ReportRunFiles, ReportDeliveryQueue],
  exports: [ReportDeliveryQueue],
})
export class SubscriptionsModule {}
