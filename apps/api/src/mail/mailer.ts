import { ConflictException, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /**
   * The Message-ID header, "<...@domain>"; unset, nodemailer makes a random one. A message sent
   * again after a lost answer keeps its id, so mail systems can drop the second copy.
   */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
  /** Recipients the server accepted; a partial acceptance is not a failure of the whole message. */
  accepted: string[];
  rejected: string[];
}

/** Thrown when e-mail is wanted from a server that has no SMTP_URL. */
export class MailNotConfiguredException extends ConflictException {
  constructor() {
    super('e-mail is not set up on this server (SMTP_URL is not set)');
  }
}

/**
 * Sends e-mail over SMTP_URL from MAIL_FROM. One pooled transport per api process: reports and
 * alerts come in bursts (every subscription at 06:00 on a Monday), and a pool reuses the
 * connection instead of a TLS handshake per message.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter | null;
  private readonly from: string | null;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.from = config.mail?.from ?? null;
    this.transport = config.mail
      ? createTransport({
          url: config.mail.smtpUrl,
          pool: true,
          maxConnections: 2,
          // A report with its attachments is sent well within this; a server that hangs is a failed
          // attempt, retried by the caller's queue, not a worker stuck for the default 10 minutes.
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        })
      : null;
  }

  /** Whether this server can send e-mail at all (SMTP_URL is set). */
  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Throws MailNotConfiguredException (409) when e-mail is off; for requests that need it. */
  assertEnabled(): void {
    if (!this.enabled) throw new MailNotConfiguredException();
  }

  /**
   * Sends one message to all of `to`. Rejects when the server refuses it or cannot be reached,
   * or when it accepted none of the recipients; the caller retries.
   */
  async send(message: MailMessage): Promise<SentMail> {
    if (!this.transport || !this.from) throw new MailNotConfiguredException();
    if (message.to.length === 0) throw new Error('an e-mail needs at least one recipient');
    const info = (await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      attachments: message.attachments?.map((file) => ({
        filename: file.filename,
        content: file.content,
        contentType: file.contentType,
      })),
    })) as { messageId: string; accepted: unknown[]; rejected: unknown[] };
    const accepted = info.accepted.map(String);
    if (accepted.length === 0) throw new Error(`the SMTP server accepted none of the recipients`);
    return { messageId: info.messageId, accepted, rejected: info.rejected.map(String) };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
