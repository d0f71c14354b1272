import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** E-mail over SMTP_URL (reports, alerts); `Mailer.enabled` is false when it is not set. */
@Module({
  providers: [Mailer],
  exports: [Mailer],
})
export class MailModule {}
