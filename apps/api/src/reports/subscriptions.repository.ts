import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type {
  DeliveryStatus,
  ReportDelivery,
  ReportSchedule,
  ReportSubscription,
  ReportSubscriptionInput,
} from '@kiosk-pulse/contract';
import type { ReportFormat, ReportLanguage, ReportScope, Role } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';

/*
 * Every SQL statement of scheduled reports: the tables of migration 0025. A period's delivery
 * row is written once (UNIQUE (subscription_id, period_start)); whoever writes it second, in
 * any api process, finds it and does not send again.
 */

interface SubscriptionRow {
  id: string;
  email: string;
  scope: ReportScope;
  ward_code: string | null;
  schedule: ReportSchedule;
  language: ReportLanguage;
  formats: ReportFormat[];
  created_at: Date;
}

const toSubscription = (row: SubscriptionRow): ReportSubscription => ({
  id: row.id,
  email: row.email,
  scope: row.scope,
  wardCode: row.ward_code,
  schedule: row.schedule,
  language: row.language,
  formats: row.formats,
  createdAt: row.created_at.toISOString(),
});

const SUBSCRIPTION_COLUMNS = 's.id, s.email, s.scope, s.ward_code, s.schedule, s.language, s.formats, s.created_at';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  username: string;
  email: string;
  scope: ReportScope;
  ward_code: string | null;
  schedule: ReportSchedule;
  period_start: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  bytes: number | null;
}

// period_start as text: a `date` parsed by pg would be midnight in the server's own zone.
const DELIVERY_SELECT = `SELECT d.id, d.subscription_id, u.username, s.email, s.scope, s.ward_code, s.schedule,
    d.period_start::text AS period_start, d.status, d.attempts, d.last_error, d.created_at, d.updated_at, d.sent_at, d.bytes
  FROM report_deliveries d
  JOIN report_subscriptions s ON s.id = d.subscription_id
  JOIN users u ON u.id = s.user_id`;

const toDelivery = (row: DeliveryRow): ReportDelivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  username: row.username,
  email: row.email,
  scope: row.scope,
  wardCode: row.ward_code,
  schedule: row.schedule,
  periodStart: row.period_start,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null,
  bytes: row.bytes,
});

/** A subscription as the delivery worker needs it: with whether its owner may still have it. */
export interface DueSubscription extends ReportSubscription {
  userId: string;
  /** Whose report it is, as the audit log names a reader. */
  subscriber: { username: string; role: Role; wardCode: string | null };
  /** The subscription is active and its user is enabled and may still read its scope. */
  allowed: boolean;
}

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(userId: string, input: ReportSubscriptionInput): Promise<ReportSubscription> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `INSERT INTO report_subscriptions AS s (id, user_id, email, scope, ward_code, schedule, language, formats)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        randomUUID(),
        userId,
        input.email,
        input.scope,
        input.scope === 'ward' ? input.wardCode : null,
        input.schedule,
        input.language,
        input.formats,
      ],
    );
    return toSubscription(rows[0]);
  }

  async listOf(userId: string): Promise<ReportSubscription[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM report_subscriptions s
       WHERE s.user_id = $1 AND s.active ORDER BY s.created_at, s.id`,
      [userId],
    );
    return rows.map(toSubscription);
  }

  /** Cancels one of the user's active subscriptions; false when they have no such one. */
  async cancel(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE report_subscriptions SET active = false, cancelled_at = now()
       WHERE id = $1 AND user_id = $2 AND active`,
      [id, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The active subscriptions of a schedule whose users may still receive them. */
  async due(schedule: ReportSchedule): Promise<ReportSubscription[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM report_subscriptions s JOIN users u ON u.id = s.user_id
       WHERE s.schedule = $1 AND s.active AND NOT u.disabled
         AND (u.role <> 'ward_staff' OR (s.scope = 'ward' AND s.ward_code = u.ward_code))
       ORDER BY s.id`,
      [schedule],
    );
    return rows.map(toSubscription);
  }

  async subscription(id: string): Promise<DueSubscription | undefined> {
    const { rows } = await this.pool.query<
      SubscriptionRow & { user_id: string; username: string; role: Role; user_ward: string | null; allowed: boolean }
    >(
      `SELECT ${SUBSCRIPTION_COLUMNS}, s.user_id, u.username, u.role, u.ward_code AS user_ward,
         (s.active AND NOT u.disabled
          AND (u.role <> 'ward_staff' OR (s.scope = 'ward' AND s.ward_code = u.ward_code))) AS allowed
       FROM report_subscriptions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const subscriber = { username: row.username, role: row.role, wardCode: row.user_ward };
    return { ...toSubscription(row), userId: row.user_id, subscriber, allowed: row.allowed };
  }

  /** The period's delivery row, written if it is not there yet; answers it as it stands. */
  async delivery(subscriptionId: string, periodStart: string): Promise<ReportDelivery> {
    await this.pool.query(
      `INSERT INTO report_deliveries (id, subscription_id, period_start) VALUES ($1, $2, $3)
       ON CONFLICT (subscription_id, period_start) DO NOTHING`,
      [randomUUID(), subscriptionId, periodStart],
    );
    const { rows } = await this.pool.query<DeliveryRow>(
      `${DELIVERY_SELECT} WHERE d.subscription_id = $1 AND d.period_start = $2`,
      [subscriptionId, periodStart],
    );
    return toDelivery(rows[0]);
  }

  /** The deliveries of a schedule's periods before `periodStart` that are neither sent nor failed. */
  async queuedBefore(schedule: ReportSchedule, periodStart: string): Promise<ReportDelivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `${DELIVERY_SELECT} WHERE s.schedule = $1 AND d.status = 'queued' AND d.period_start < $2
       ORDER BY d.period_start, d.id`,
      [schedule, periodStart],
    );
    return rows.map(toDelivery);
  }

  async deliveryById(id: string): Promise<ReportDelivery | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE d.id = $1`, [id]);
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  /**
   * Counts an attempt at a delivery not yet sent; false when it was sent already (by another
   * process, or an earlier run of the same job), and then nothing is to be sent.
   */
  async startAttempt(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE report_deliveries SET attempts = attempts + 1, updated_at = now()
       WHERE id = $1 AND status <> 'sent'`,
      [id],
    );
    return (rowCount ?? 0) > 0;
  }

  async markSent(id: string, bytes: number): Promise<void> {
    await this.pool.query(
      `UPDATE report_deliveries SET status = 'sent', sent_at = now(), updated_at = now(), last_error = NULL, bytes = $2
       WHERE id = $1`,
      [id, bytes],
    );
  }

  /** Records an attempt's error; `final` when no attempt is left, and the delivery has failed. */
  async markError(id: string, error: string, final: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE report_deliveries SET last_error = $2, updated_at = now(),
         status = CASE WHEN $3 THEN 'failed' ELSE status END
       WHERE id = $1 AND status <> 'sent'`,
      [id, error.slice(0, 2_000), final],
    );
  }

  /** A failed delivery back in line; false when it is not failed (sent, or still being tried). */
  async requeue(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE report_deliveries SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'failed'`,
      [id],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Drops a delivery never sent whose subscription was cancelled before its turn. */
  async dropUnsent(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM report_deliveries WHERE id = $1 AND status <> 'sent'`, [id]);
  }

  async wardName(code: string): Promise<{ vi: string; en: string } | undefined> {
    const { rows } = await this.pool.query<{ name: string; name_en: string }>(
      'SELECT name, name_en FROM wards WHERE code = $1',
      [code],
    );
    return rows[0] && { vi: rows[0].name, en: rows[0].name_en };
  }

  /** The newest deliveries (failed ones first when no status is asked for). */
  async deliveries(status: DeliveryStatus | undefined, limit: number): Promise<ReportDelivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `${DELIVERY_SELECT} WHERE ($1::text IS NULL OR d.status = $1)
       ORDER BY (d.status = 'failed') DESC, d.updated_at DESC, d.id LIMIT $2`,
      [status ?? null, limit],
    );
    return rows.map(toDelivery);
  }
}
