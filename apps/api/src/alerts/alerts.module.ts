import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { TargetsModule } from '../targets/targets.module';
import { WardsModule } from '../wards/wards.module';
import { AlertEvaluator } from './alert-evaluator';
import { AlertSender } from './alert-sender';
import { WebhookGuard } from './webhook-guard';
import { AlertsController } from './alerts.controller';
import { AlertsQueue } from './alerts-queue';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

/**
 * Alert rules per ward, their evaluation every ALERT_EVALUATE_EVERY_SECONDS and the messages
 * (e-mail, signed webhook). Behind-pace reads the targets module's own progress computation.
 */
@Module({
  imports: [WardsModule, TargetsModule, MailModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertEvaluator, AlertSender, AlertsQueue, WebhookGuard],
  exports: [AlertsQueue],
})
export class AlertsModule {}
