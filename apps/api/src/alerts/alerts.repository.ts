import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { AlertDelivery, AlertIncident, AlertKind, AlertParams, AlertRule } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';

/*
 * Every SQL statement of alerts: the tables of migration 0026, and what the rules read (kiosks'
 * last contact and campaigns, the wards' hourly visits). Targets' progress is the targets
 * module's own computation, not read here.
 */

type Db = Pool | PoolClient;

/** A rule as stored, with its webhook's secret (never sent to a browser but once, on creation). */
export interface StoredRule extends AlertRule {
  webhookSecret: string | null;
}

interface RuleRow {
  id: string;
  ward_code: string;
  kind: AlertKind;
  enabled: boolean;
  params: AlertParams;
  quiet_from: string | null;
  quiet_to: string | null;
  email_to: string[];
  webhook_url: string | null;
  webhook_secret: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const RULE_COLUMNS = `id, ward_code, kind, enabled, params, to_char(quiet_from, 'HH24:MI') AS quiet_from,
  to_char(quiet_to, 'HH24:MI') AS quiet_to, email_to, webhook_url, webhook_secret, created_by, created_at, updated_at`;

const toRule = (row: RuleRow): StoredRule => ({
  id: row.id,
  wardCode: row.ward_code,
  kind: row.kind,
  enabled: row.enabled,
  params: row.params,
  quietHours: row.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
  emailTo: row.email_to,
  webhookUrl: row.webhook_url,
  webhookSecret: row.webhook_secret,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** A rule as written: the contract's rule without what the server stamps, with its webhook's secret. */
export type RuleFields = Omit<AlertRule, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'> & {
  webhookSecret: string | null;
};

/** An incident to open: what a rule found about one subject. */
export interface Finding {
  rule: StoredRule;
  subject: string;
  subjectLabel: string;
  details: Record<string, unknown>;
}

export interface OpenIncident {
  id: string;
  ruleId: string;
  subject: string;
}

/** What a delivery job needs to send one message. */
export interface DeliveryContext {
  id: string;
  message: 'opened' | 'resolved';
  channel: 'email' | 'webhook';
  status: 'pending' | 'sent' | 'failed';
  incident: Omit<AlertIncident, 'deliveries' | 'message'>;
  emailTo: string[];
  webhookUrl: string | null;
  webhookSecret: string | null;
}

interface IncidentRow {
  id: string;
  rule_id: string;
  ward_code: string;
  ward_name: string;
  kind: AlertKind;
  subject: string;
  subject_label: string;
  details: Record<string, unknown>;
  opened_at: Date;
  resolved_at: Date | null;
}

const toIncident = (row: IncidentRow): Omit<AlertIncident, 'deliveries' | 'message'> => ({
  id: row.id,
  ruleId: row.rule_id,
  wardCode: row.ward_code,
  wardName: row.ward_name,
  kind: row.kind,
  subject: row.subject,
  subjectLabel: row.subject_label,
  details: row.details,
  openedAt: row.opened_at.toISOString(),
  resolvedAt: row.resolved_at?.toISOString() ?? null,
});

const INCIDENT_COLUMNS = `i.id, i.rule_id, i.ward_code, w.name AS ward_name, i.kind, i.subject, i.subject_label,
  i.details, i.opened_at, i.resolved_at`;

// Visits are the visit_started events of every age group (migration 0006's reached_* columns).
const VISITS = `reached_under_14 + reached_14_15 + reached_16_30 + reached_31_44 + reached_45_59 + reached_60_64
  + reached_65_74 + reached_75_plus + reached_unknown`;

@Injectable()
export class AlertsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  // Rules.

  async createRule(id: string, fields: RuleFields, createdBy: string, db: Db = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO alert_rules (id, ward_code, kind, enabled, params, quiet_from, quiet_to, email_to, webhook_url,
         webhook_secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        fields.wardCode,
        fields.kind,
        fields.enabled,
        JSON.stringify(fields.params),
        fields.quietHours?.from ?? null,
        fields.quietHours?.to ?? null,
        fields.emailTo,
        fields.webhookUrl,
        fields.webhookSecret,
        createdBy,
      ],
    );
  }

  async updateRule(id: string, fields: RuleFields, db: Db = this.pool): Promise<void> {
    await db.query(
      `UPDATE alert_rules SET enabled = $2, params = $3, quiet_from = $4, quiet_to = $5, email_to = $6,
         webhook_url = $7, webhook_secret = $8, updated_at = now()
       WHERE id = $1`,
      [
        id,
        fields.enabled,
        JSON.stringify(fields.params),
        fields.quietHours?.from ?? null,
        fields.quietHours?.to ?? null,
        fields.emailTo,
        fields.webhookUrl,
        fields.webhookSecret,
      ],
    );
  }

  async deleteRule(id: string, db: Db = this.pool): Promise<void> {
    await db.query('DELETE FROM alert_rules WHERE id = $1', [id]);
  }

  async findRule(id: string): Promise<StoredRule | undefined> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
    return rows[0] ? toRule(rows[0]) : undefined;
  }

  /** Rules of the wards (all wards for undefined), optionally the enabled ones only. */
  async listRules(filter: { wards?: string[]; enabledOnly?: boolean }): Promise<StoredRule[]> {
    const { rows } = await this.pool.query<RuleRow>(
      `SELECT ${RULE_COLUMNS} FROM alert_rules
       WHERE ($1::text[] IS NULL OR ward_code = ANY($1)) AND (NOT $2 OR enabled)
       ORDER BY ward_code, kind, created_at`,
      [filter.wards ?? null, filter.enabledOnly ?? false],
    );
    return rows.map(toRule);
  }

  async wardNames(codes: string[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ code: string; name: string }>(
      'SELECT code, name FROM wards WHERE code = ANY($1)',
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  // What the rules read.

  /**
   * Kiosks of each rule's ward (not revoked, heard from at least once) that have been silent for
   * the rule's minutes within a window they are expected to be on in: the ward's opening hours
   * (from `openedAt`, null when they are closed at `now`) or a campaign they take part in.
   * The silence counts from the window's start, so a kiosk switched off overnight is not an
   * alert the moment the ward opens.
   */
  async silentKiosks(
    rules: { ruleId: string; wardCode: string; silentMinutes: number; openedAt: Date | null }[],
    now: Date,
  ): Promise<{ ruleId: string; kioskId: string; label: string; lastSeenAt: Date; windowStart: Date }[]> {
    if (rules.length === 0) return [];
    const { rows } = await this.pool.query<{
      rule_id: string;
      kiosk_id: string;
      label: string;
      last_seen_at: Date;
      window_start: Date;
    }>(
      `SELECT r.rule_id, k.id AS kiosk_id, k.label, k.last_seen_at, w.start AS window_start
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[]) AS r (rule_id, ward_code, minutes, opened_at)
       JOIN kiosks k ON k.ward_code = r.ward_code AND k.revoked_at IS NULL AND k.last_seen_at IS NOT NULL
       CROSS JOIN LATERAL (
         SELECT least(r.opened_at, (
           SELECT min(c.starts_at) FROM campaign_kiosks ck JOIN campaigns c ON c.id = ck.campaign_id
           WHERE ck.kiosk_id = k.id AND c.starts_at <= $5 AND c.ends_at > $5)) AS start
       ) w
       WHERE w.start IS NOT NULL
         AND greatest(k.last_seen_at, w.start) <= $5::timestamptz - make_interval(mins => r.minutes)`,
      [
        rules.map((rule) => rule.ruleId),
        rules.map((rule) => rule.wardCode),
        rules.map((rule) => rule.silentMinutes),
        rules.map((rule) => rule.openedAt),
        now,
      ],
    );
    return rows.map((row) => ({
      ruleId: row.rule_id,
      kioskId: row.kiosk_id,
      label: row.label,
      lastSeenAt: row.last_seen_at,
      windowStart: row.window_start,
    }));
  }

  /**
   * Open silent-kiosk incidents of these rules whose kiosk has been heard from since the silence
   * began (or was revoked or deleted): they are over, whatever the hour.
   */
  async silenceOver(ruleIds: string[]): Promise<string[]> {
    if (ruleIds.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT i.id FROM alert_incidents i
       LEFT JOIN kiosks k ON k.id::text = i.subject
       WHERE i.rule_id = ANY($1::uuid[]) AND i.resolved_at IS NULL AND i.kind = 'silent_kiosk'
         AND (k.id IS NULL OR k.revoked_at IS NOT NULL OR k.last_seen_at > (i.details->>'lastSeenAt')::timestamptz)`,
      [ruleIds],
    );
    return rows.map((row) => row.id);
  }

  /** Visits per ward in each of the hours (their starts), from the hourly tier; an hour with none is absent. */
  async wardHourVisits(wards: string[], hours: Date[]): Promise<Map<string, number>> {
    if (wards.length === 0) return new Map();
    const { rows } = await this.pool.query<{ ward_code: string; bucket: Date; visits: string }>(
      `SELECT ward_code, bucket, sum(${VISITS})::bigint AS visits FROM ward_hourly_figures
       WHERE ward_code = ANY($1) AND bucket = ANY($2::timestamptz[])
       GROUP BY ward_code, bucket`,
      [wards, hours],
    );
    return new Map(rows.map((row) => [`${row.ward_code}|${row.bucket.toISOString()}`, Number(row.visits)]));
  }

  // Incidents and deliveries.

  async openIncidents(ruleIds: string[]): Promise<OpenIncident[]> {
    if (ruleIds.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string; rule_id: string; subject: string }>(
      'SELECT id, rule_id, subject FROM alert_incidents WHERE rule_id = ANY($1::uuid[]) AND resolved_at IS NULL',
      [ruleIds],
    );
    return rows.map((row) => ({ id: row.id, ruleId: row.rule_id, subject: row.subject }));
  }

  /**
   * Opens the incident unless one is open for the rule and subject already (the partial unique
   * index decides, across processes), with a pending delivery per channel. `done` is false
   * when it was open already.
   */
  async open(
    id: string,
    finding: Finding,
    openedAt: Date,
    channels: ('email' | 'webhook')[],
    db: PoolClient,
  ): Promise<{ done: boolean; deliveries: string[] }> {
    const { rowCount } = await db.query(
      `INSERT INTO alert_incidents (id, rule_id, ward_code, kind, subject, subject_label, dedup_key, details, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dedup_key) WHERE resolved_at IS NULL DO NOTHING`,
      [
        id,
        finding.rule.id,
        finding.rule.wardCode,
        finding.rule.kind,
        finding.subject,
        finding.subjectLabel,
        `${finding.rule.id}|${finding.subject}`,
        JSON.stringify(finding.details),
        openedAt,
      ],
    );
    if (rowCount === 0) return { done: false, deliveries: [] };
    return { done: true, deliveries: await this.addDeliveries(id, 'opened', channels, db) };
  }

  /** Resolves an open incident (once, whoever else tries) with a pending delivery per channel. */
  async resolve(
    id: string,
    at: Date,
    channels: ('email' | 'webhook')[],
    db: PoolClient,
  ): Promise<{ done: boolean; deliveries: string[] }> {
    const { rowCount } = await db.query(
      'UPDATE alert_incidents SET resolved_at = greatest($2, opened_at) WHERE id = $1 AND resolved_at IS NULL',
      [id, at],
    );
    if (rowCount === 0) return { done: false, deliveries: [] };
    return { done: true, deliveries: await this.addDeliveries(id, 'resolved', channels, db) };
  }

  private async addDeliveries(
    incidentId: string,
    message: 'opened' | 'resolved',
    channels: ('email' | 'webhook')[],
    db: PoolClient,
  ): Promise<string[]> {
    if (channels.length === 0) return [];
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO alert_deliveries (id, incident_id, message, channel)
       SELECT gen_random_uuid(), $1, $2, channel FROM unnest($3::text[]) AS channel
       ON CONFLICT (incident_id, message, channel) DO NOTHING
       RETURNING id`,
      [incidentId, message, channels],
    );
    return rows.map((row) => row.id);
  }

  /** Deliveries still pending, oldest first: a job for each may have been lost with a process. */
  async pendingDeliveries(olderThan: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM alert_deliveries WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT 1000`,
      [olderThan],
    );
    return rows.map((row) => row.id);
  }

  async delivery(id: string): Promise<DeliveryContext | undefined> {
    const { rows } = await this.pool.query<
      IncidentRow & {
        delivery_id: string;
        message: 'opened' | 'resolved';
        channel: 'email' | 'webhook';
        status: 'pending' | 'sent' | 'failed';
        email_to: string[];
        webhook_url: string | null;
        webhook_secret: string | null;
      }
    >(
      `SELECT d.id AS delivery_id, d.message, d.channel, d.status, ${INCIDENT_COLUMNS},
         r.email_to, r.webhook_url, r.webhook_secret
       FROM alert_deliveries d
       JOIN alert_incidents i ON i.id = d.incident_id
       JOIN alert_rules r ON r.id = i.rule_id
       JOIN wards w ON w.code = i.ward_code
       WHERE d.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.delivery_id,
      message: row.message,
      channel: row.channel,
      status: row.status,
      incident: toIncident(row),
      emailTo: row.email_to,
      webhookUrl: row.webhook_url,
      webhookSecret: row.webhook_secret,
    };
  }

  /** Records one attempt: sent, failed for good, or still pending with its error. */
  async recordAttempt(id: string, status: 'pending' | 'sent' | 'failed', error: string | null): Promise<void> {
    await this.pool.query(
      `UPDATE alert_deliveries SET attempts = attempts + 1, status = $2, last_error = $3,
         sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
       WHERE id = $1 AND status <> 'sent'`,
      [id, status, error],
    );
  }

  /** Incidents of the wards (all for undefined), open first, then the newest. */
  async listIncidents(filter: {
    wards?: string[];
    status?: 'open' | 'resolved';
    limit: number;
  }): Promise<(Omit<AlertIncident, 'message'> & { deliveries: AlertDelivery[] })[]> {
    const { rows } = await this.pool.query<IncidentRow & { deliveries: AlertDelivery[] | null }>(
      `SELECT ${INCIDENT_COLUMNS},
         (SELECT json_agg(json_build_object('message', d.message, 'channel', d.channel, 'status', d.status,
                   'attempts', d.attempts, 'lastError', d.last_error, 'sentAt', d.sent_at) ORDER BY d.created_at, d.channel)
          FROM alert_deliveries d WHERE d.incident_id = i.id) AS deliveries
       FROM alert_incidents i JOIN wards w ON w.code = i.ward_code
       WHERE ($1::text[] IS NULL OR i.ward_code = ANY($1))
         AND ($2::text IS NULL OR ($2 = 'open') = (i.resolved_at IS NULL))
       ORDER BY (i.resolved_at IS NULL) DESC, i.opened_at DESC
       LIMIT $3`,
      [filter.wards ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map((row) => ({
      ...toIncident(row),
      deliveries: (row.deliveries ?? []).map((delivery) => ({
        ...delivery,
        sentAt: delivery.sentAt ? new Date(delivery.sentAt).toISOString() : null,
      })),
    }));
  }
}
