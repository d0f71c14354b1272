/*
 * Periodic reports (issue 17): one ward's or the city's figures over a week, a month or a half
 * year, as JSON (GET /api/v1/reports/data), as the printable report page, and as PDF and XLSX
 * files (GET /api/v1/reports/file). Browser-safe: the report page reads these types too.
 */
import type { AgeCount, AgeSplit, PublishedFunnel } from './counts';
import type { Campaign } from './campaigns';
import type { AgeGroup, Outcome } from './events';
import type { TargetProgress } from './targets';

/** A week (Monday to Sunday), a calendar month, or a half year (January–June, July–December), in city time. */
export const REPORT_PERIODS = ['week', 'month', 'half-year'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];

export const REPORT_LANGUAGES = ['vi', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const REPORT_SCOPES = ['city', 'ward'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report page's credential travels in this header (from the address's fragment, never the address). */
export const REPORT_TOKEN_HEADER = 'x-report-token';

/** GET /api/v1/reports/data (and /file, with `format`). */
export interface ReportQuery {
  scope: ReportScope;
  /** Required with scope=ward. */
  ward?: string;
  period: ReportPeriodKind;
  /** A city day (YYYY-MM-DD) in the period; the report is of the whole period that holds it. */
  start: string;
  lang?: ReportLanguage;
}

/** A report's period: its instants [from, to) and its city days, first and last (both included). */
export interface ReportPeriod {
  kind: ReportPeriodKind;
  from: string;
  to: string;
  firstDay: string;
  lastDay: string;
  /** As people say it, in the report's language ("Tuần 02/11/2026 – 08/11/2026", "Tháng 11/2026", "6 tháng đầu năm 2026"). */
  label: string;
}

export interface ReportTotals {
  peopleReached: number;
  guidesCompleted: number;
  accountsRegistered: number;
}

/** One kiosk's period: its totals, the city days it was used and the hours it was heard from. */
export interface ReportKiosk extends ReportTotals {
  kioskId: string;
  label: string;
  wardCode: string;
  /** City days of the period with at least one visit started. */
  daysActive: number;
  /** Hours of the period in which the kiosk sent anything (heartbeats included). */
  hoursHeard: number;
  /** hoursHeard over the period's hours since the kiosk was registered, 0–1; null when it was registered after the period. */
  uptime: number | null;
}

export interface ReportData {
  scope: ReportScope;
  wardCode: string | null;
  /** The ward's name in the report's language; the city's name for the city. */
  placeName: string;
  language: ReportLanguage;
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  /** When the report was made (ISO instant), and the same as city time for people ("06/12/2026 17:40"). */
  generatedAt: string;
  generatedAtText: string;
  /** The small-count rule as the report states it under every table, and its threshold. */
  suppression: { threshold: number; rule: string };
  /** Counts are contributions (lượt), not population coverage. */
  countNote: string;
  totals: ReportTotals;
  previous: ReportTotals;
  /** Change against the previous period as a fraction (0.25 = +25 %), null when it had none. */
  change: Record<keyof ReportTotals, number | null>;
  /** The city's median ward over the period, and the report's place against it (a fraction; null for the city or no median). */
  median: Record<keyof ReportTotals, number | null>;
  againstMedian: Record<keyof ReportTotals, number | null>;
  byOutcome: Record<Outcome, number>;
  previousByOutcome: Record<Outcome, number>;
  /** Visits per age group as published (small cells hidden, docs/privacy.md), and 60+ summed from them. */
  ageSplit: AgeSplit;
  sixtyPlus: AgeCount;
  sixtyPlusGroups: AgeGroup[];
  /** Visits started per city day of the period. */
  days: { day: string; peopleReached: number }[];
  guides: PublishedFunnel[];
  /** Each target of the place (and, for a ward, the city's), where it stood at the end of the period. */
  targets: { asOf: string; progress: (TargetProgress & { wardName: string | null })[] };
  kiosks: { registered: number; active: number; meanUptime: number | null; list: ReportKiosk[] };
  campaigns: Campaign[];
}
