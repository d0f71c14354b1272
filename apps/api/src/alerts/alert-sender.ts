import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { ALERT_SIGNATURE_HEADER, ALERT_TIMESTAMP_HEADER, type AlertWebhookBody } from '@kiosk-pulse/contract';
import { Mailer } from '../mail/mailer';
import { incidentMessage, incidentSubject } from './alert-text';
import type { DeliveryContext } from './alerts.repository';
import { WebhookGuard, type WebhookTarget } from './webhook-guard';

/** A webhook that has not answered in this long is a failed attempt, retried later. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** `sha256=` and the hex HMAC-SHA256 of `${timestamp}.${body}` with the rule's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Sends one message of one incident over one channel; throws when it was not delivered. */
@Injectable()
export class AlertSender {
  constructor(
    private readonly mailer: Mailer,
    private readonly guard: WebhookGuard,
  ) {}

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
    // The name is resolved and checked here, at each send (a rebinding name is refused), and the
    // connection goes to the address checked.
    const target = await this.guard.resolve(delivery.webhookUrl);
    const response = await post(target, body, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'KioskPulse-Alerts',
      [ALERT_TIMESTAMP_HEADER]: timestamp,
      [ALERT_SIGNATURE_HEADER]: webhookSignature(delivery.webhookSecret, timestamp, body),
    });
    // The body is not read: a chat service's answer says nothing the alert needs.
    response.destroy();
    const status = response.statusCode ?? 0;
    // A redirect is not followed (it could lead to an address refused above): it is a failure.
    if (status < 200 || status >= 300)
      throw new Error(`the webhook answered ${status} ${response.statusMessage ?? ''}`.trim());
  }
}

/**
 * POSTs the body to the target's URL, connecting to its checked address (the host name still
 * goes in the Host header and, for https, the TLS server name the certificate is checked
 * against). Resolves with the answer's head.
 */
function post(target: WebhookTarget, body: string, headers: Record<string, string>): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      // A connection of its own: no pooled socket of an earlier send is reused.
      agent: false,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
