/*
 * Scheduled reports by e-mail (issue 17): a user's subscriptions to a scope's weekly, monthly or
 * half-yearly report, and each period's delivery (admins see the failed ones and retry them).
 */
import type { ReportFormat, ReportLanguage, ReportPeriodKind, ReportScope } from './reports';

export const REPORT_SCHEDULES = ['weekly', 'monthly', 'half-yearly'] as const;
export type ReportSchedule = (typeof REPORT_SCHEDULES)[number];

/** The report period each schedule sends: the one that ended just before it fires. */
export const SCHEDULE_PERIOD: Record<ReportSchedule, ReportPeriodKind> = {
  weekly: 'week',
  monthly: 'month',
  'half-yearly': 'half-year',
};

export interface ReportSubscriptionInput {
  email: string;
  scope: ReportScope;
  /** Required with scope=ward; ward staff may name their own ward only. */
  wardCode?: string;
  schedule: ReportSchedule;
  language: ReportLanguage;
  formats: ReportFormat[];
}

export interface ReportSubscription {
  id: string;
  email: string;
  scope: ReportScope;
  wardCode: string | null;
  schedule: ReportSchedule;
  language: ReportLanguage;
  formats: ReportFormat[];
  createdAt: string;
}

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface ReportDelivery {
  id: string;
  subscriptionId: string;
  username: string;
  email: string;
  scope: ReportScope;
  wardCode: string | null;
  schedule: ReportSchedule;
  /** The first city day of the period reported on. */
  periodStart: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** The attachments' size together, once sent. */
  bytes: number | null;
}

export interface ReportDeliveriesQuery {
  status?: DeliveryStatus;
}
