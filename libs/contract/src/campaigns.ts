/*
 * Kiosk days and campaigns (issue 17): a ward's event with kiosks taking part, such as the Ngày
 * hội Đại đoàn kết with its digital-transformation kiosks, recorded by ward staff; shown as
 * markers on the trend charts and compared with the same kiosks' ordinary days:
 * /api/v1/campaigns.
 */
import type { AgeCount } from './counts';
import type { AgeGroup, Outcome } from './events';

export interface Campaign {
  id: string;
  name: string;
  wardCode: string;
  /** Where in the ward, as people name it ("Khu phố 28"); null when not given. */
  place: string | null;
  /** ISO-8601 instants; the campaign's hours are [startsAt, endsAt). A kiosk day is usually one city day. */
  startsAt: string;
  endsAt: string;
  /** The kiosks taking part, all of the campaign's ward. */
  kioskIds: string[];
  /** Who recorded it (as the audit log names them) and when; the audit log keeps every change. */
  recordedBy: string;
  recordedAt: string;
}

/** What POST /api/v1/campaigns takes (PATCH: any of these but the ward). */
export interface CampaignInput {
  name: string;
  wardCode: string;
  place?: string | null;
  startsAt: string;
  endsAt: string;
  kioskIds: string[];
}

/**
 * GET /api/v1/campaigns: the campaigns overlapping [from, to) (ISO-8601 instants or city days,
 * a city day meaning its start), for a chart's markers; ward staff read only their own ward's.
 */
export interface CampaignsQuery {
  from?: string;
  to?: string;
  wardCode?: string;
}

/**
 * One side of a comparison: a set of kiosks over a set of hours, totals only. Its age mix is
 * withheld (byAgeGroup and share60Plus are null): hours and kiosks chosen at will would be an age
 * split outside the published periods of docs/privacy.md, and two of them could be subtracted.
 */
export interface CampaignFigures {
  /** How many kiosks, and kiosk-hours open (each kiosk's hours counted once). */
  kiosks: number;
  hoursOpen: number;
  /** People reached (visits started). */
  visits: number;
  /** visits / hoursOpen, to two decimals; null with no hour open. */
  visitsPerHour: number | null;
  /** Outcomes recorded, all and per outcome. */
  outcomes: number;
  byOutcome: Record<Outcome, number>;
  /** outcomes / visits, to two decimals; null with no visit. */
  outcomesPerVisit: number | null;
  /** Withheld: always null (see above); the ward's published age split is on the analysis page. */
  byAgeGroup: Record<AgeGroup, AgeCount> | null;
  share60Plus: number | null;
}

/** GET /api/v1/campaigns/:id/comparison. */
export interface CampaignComparison {
  campaign: Campaign;
  /** The campaign's kiosks over its hours. */
  campaignHours: CampaignFigures;
  /**
   * The same kiosks on ordinary days: the 28 city days before the campaign's first city day,
   * 07:00 to 17:00 city time, each kiosk's days that it recorded any event on (a kiosk closed
   * that day is not counted as open), leaving out its days in another campaign. `from` is the
   * first city day, `to` the last, both counted.
   */
  ordinaryDays: CampaignFigures & { from: string; to: string };
  /** The ward's other kiosks over the campaign's hours. */
  wardOtherKiosks: CampaignFigures;
  /** How ordinary days are defined, in Vietnamese and English, for the campaign page. */
  definition: { vi: string; en: string };
}

/** Ordinary days: how many city days before the campaign, and the opening hours counted. */
export const ORDINARY_DAYS = 28;
export const OPENING_HOURS = { from: 7, to: 17 } as const;

export const ORDINARY_DAYS_DEFINITION = {
  vi: 'Ngày thường: 28 ngày trước ngày diễn ra chiến dịch, từ 7:00 đến 17:00 (giờ TP.HCM), cùng các kiosk; chỉ tính những ngày kiosk có hoạt động và không tham gia chiến dịch khác. Kiosk khác của phường: cùng khung giờ chiến dịch, các kiosk có hoạt động trong khung giờ đó.',
  en: 'Ordinary days: the 28 days before the campaign, 7:00 to 17:00 city time, at the same kiosks; only the days a kiosk recorded anything and was in no other campaign. The ward’s other kiosks: over the campaign’s hours, those that recorded anything then.',
} as const;
