/*
 * Alerts (issue 17): rules per ward, the incidents they open and the messages sent about them.
 * Browser-safe: the dashboard's alert page reads these types.
 */

export const ALERT_KINDS = ['silent_kiosk', 'behind_pace', 'sudden_drop'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A city-time span of a day, "HH:MM" to "HH:MM"; `to` before `from` crosses midnight. */
export interface CityTimeSpan {
  from: string;
  to: string;
}

export interface SilentKioskParams {
  /** Minutes without a heartbeat or event, within opening hours or a kiosk day, before it is an alert. */
  silentMinutes: number;
  /** The ward's opening hours: ISO weekdays (1 Monday … 7 Sunday) and a city-time span. */
  openingHours: { days: number[] } & CityTimeSpan;
}

export interface BehindPaceParams {
  /** Only this target; all the ward's targets when absent. */
  targetId?: string;
}

export interface SuddenDropParams {
  /** Below this percent of the median of the same hour of the weeks before. */
  dropPercent: number;
  /** That median must be at least this many visits, so quiet hours of small wards stay quiet. */
  minMedian: number;
  /** How many weeks the median is taken over. */
  weeks: number;
}

export type AlertParams = SilentKioskParams | BehindPaceParams | SuddenDropParams;

export interface AlertRule {
  id: string;
  wardCode: string;
  kind: AlertKind;
  enabled: boolean;
  params: AlertParams;
  quietHours: CityTimeSpan | null;
  emailTo: string[];
  webhookUrl: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The answer to creating a rule with a webhook: its signing secret, shown this once. */
export interface CreatedAlertRule extends AlertRule {
  webhookSecret: string | null;
}

export interface AlertRuleInput {
  wardCode: string;
  kind: AlertKind;
  enabled?: boolean;
  params?: Partial<SilentKioskParams & BehindPaceParams & SuddenDropParams>;
  quietHours?: CityTimeSpan | null;
  emailTo?: string[];
  webhookUrl?: string | null;
}

export const ALERT_DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

export interface AlertDelivery {
  message: 'opened' | 'resolved';
  channel: 'email' | 'webhook';
  status: AlertDeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface AlertIncident {
  id: string;
  ruleId: string;
  wardCode: string;
  wardName: string;
  kind: AlertKind;
  subject: string;
  subjectLabel: string;
  /** What happened, in Vietnamese, as the messages say it. */
  message: string;
  details: Record<string, unknown>;
  openedAt: string;
  resolvedAt: string | null;
  deliveries: AlertDelivery[];
}

export interface AlertsQuery {
  status?: 'open' | 'resolved';
  wardCode?: string;
  limit?: number;
}

/** The webhook's JSON body. */
export interface AlertWebhookBody {
  type: 'alert.opened' | 'alert.resolved';
  incidentId: string;
  rule: { id: string; kind: AlertKind };
  ward: { code: string; name: string };
  subject: { id: string; label: string };
  openedAt: string;
  resolvedAt: string | null;
  /** In Vietnamese, ready for a chat group. */
  message: string;
  details: Record<string, unknown>;
}

/** Headers of the webhook: the signature is `sha256=` and the hex HMAC-SHA256 of `${timestamp}.${body}`. */
export const ALERT_TIMESTAMP_HEADER = 'X-KioskPulse-Timestamp';
export const ALERT_SIGNATURE_HEADER = 'X-KioskPulse-Signature';
