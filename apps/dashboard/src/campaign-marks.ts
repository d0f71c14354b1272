import { cityDay, type Campaign } from '@kiosk-pulse/contract';
import { apiClient } from './api';
import { formatDateTime, formatTime } from './format';

/*
 * The campaigns a trend chart marks, read once per range and scope: the overview redraws its
 * chart on every live push and the analysis on every change of metric, and neither changes the
 * campaigns. Recording, changing or deleting a campaign on this page forgets them all.
 */

const read = new Map<string, Promise<Campaign[]>>();

/**
 * The campaigns overlapping the city days [from, to) of a ward (or, with none, every campaign
 * the user may read). A refusal or a failure marks nothing: the chart is still worth drawing.
 */
export function campaignsIn(
  token: string,
  range: { from: string; to: string },
  wardCode: string | undefined,
): Promise<Campaign[]> {
  const key = `${range.from}/${range.to}/${wardCode ?? 'city'}`;
  let campaigns = read.get(key);
  if (!campaigns) {
    campaigns = apiClient(token)
      .campaigns.list({ query: { from: range.from, to: range.to, ...(wardCode ? { wardCode } : {}) } })
      .catch(() => {
        read.delete(key);
        return [];
      });
    read.set(key, campaigns);
  }
  return campaigns;
}

const listeners: (() => void)[] = [];

/** Called when a campaign is recorded, changed or deleted on this page. */
export const onCampaignsChanged = (listener: () => void): void => {
  listeners.push(listener);
};

/** A campaign was recorded, changed or deleted: every chart reads them again. */
export function forgetCampaigns(): void {
  read.clear();
  for (const listener of listeners) listener();
}

/** A campaign as a chart's tooltip names it: its name, place and hours. */
export const describeCampaign = (campaign: Campaign): string =>
  [
    campaign.name,
    campaign.place,
    `${formatDateTime(campaign.startsAt)} – ${
      // A kiosk day's end on the same day: its time is enough.
      cityDay(new Date(campaign.startsAt)) === cityDay(new Date(campaign.endsAt))
        ? formatTime(campaign.endsAt)
        : formatDateTime(campaign.endsAt)
    }`,
  ]
    .filter((part) => part)
    .join(' · ');
