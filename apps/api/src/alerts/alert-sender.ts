import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ALERT_SIGNATURE_HEADER, ALERT_TIMESTAMP_HEADER, type AlertWebhookBody } from '@kiosk-pulse/contract';
import { Mailer } from '../mail/mailer';
import { incidentMessage, incidentSubject } from './alert-text';
import type { DeliveryContext } from './alerts.repository';

/** A webhook that has not answered in this long is a failed attempt, retried later. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** `sha256=` and the hex HMAC-SHA256 of `${timestamp}.${body}` with the rule's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Sends one message of one incident over one channel; throws when it was not delivered. */
@Injectable()
export class AlertSender {
  constructor(private readonly mailer: Mailer) {}

  async send(delivery: DeliveryContext): Promise<void> {
    const incident = delivery.incident;
    const message = incidentMessage(incident, delivery.message);
    if (delivery.channel === 'email') {
      await this.mailer.send({
        to: delivery.emailTo,
        subject: incidentSubject(incident, delivery.message),
        text: message,
      });
      return;
    }
    if (!delivery.webhookUrl || !delivery.webhookSecret) throw new Error('the rule has no webhook any more');
    const payload: AlertWebhookBody = {
      type: delivery.message === 'opened' ? 'alert.opened' : 'alert.resolved',
      incidentId: incident.id,
      rule: { id: incident.ruleId, kind: incident.kind },
      ward: { code: incident.wardCode, name: incident.wardName },
      subject: { id: incident.subject, label: incident.subjectLabel },
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      message,
      details: incident.details,
    };
    const body = JSON.stringify(payload);
    // Seconds, so a receiver can refuse an old message replayed with its valid signature.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(delivery.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'KioskPulse-Alerts',
        [ALERT_TIMESTAMP_HEADER]: timestamp,
        [ALERT_SIGNATURE_HEADER]: webhookSignature(delivery.webhookSecret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    // The body is not read: a chat service's answer says nothing the alert needs.
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300)
      throw new Error(`the webhook answered ${response.status} ${response.statusText}`.trim());
  }
}
