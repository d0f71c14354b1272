import type { Campaign } from '@kiosk-pulse/contract';
import { PALETTE, TEXT, escapeHtml, type ChartLook } from './chart-style';
import type { MarkAreaComponentOption, TooltipParams } from './echarts';

/*
 * Kiosk days and campaigns on a trend chart (issue 17): each campaign in the chart's range and
 * scope is a shaded band over the buckets its hours touch, named at its top and in its tooltip.
 * Pure: the page hands in the campaigns and the buckets' starts; no ECharts, no page.
 */

/** A campaign as a band: the first and last bucket (category index) its hours touch. */
export interface CampaignBand {
  name: string;
  first: number;
  last: number;
  /** The tooltip's words: its name, place and hours, as the page writes them. */
  tooltip: string;
}

/**
 * The bands of `campaigns` over buckets starting at `starts` (ms, in order), each bucket ending
 * where `endOf` says; a campaign touching no bucket is left out.
 */
export function campaignBands(
  campaigns: readonly Campaign[],
  starts: readonly number[],
  endOf: (start: number) => number,
  describe: (campaign: Campaign) => string,
): CampaignBand[] {
  const bands: CampaignBand[] = [];
  for (const campaign of campaigns) {
    const from = Date.parse(campaign.startsAt);
    const to = Date.parse(campaign.endsAt);
    const touched = starts.flatMap((start, index) => (start < to && endOf(start) > from ? [index] : []));
    if (touched.length === 0) continue;
    bands.push({
      name: campaign.name,
      first: touched[0],
      last: touched[touched.length - 1],
      tooltip: describe(campaign),
    });
  }
  return bands;
}

/**
 * The bands as a series' markArea on a category axis (coordinates are category indexes, so an
 * hour that repeats on a two-day axis is still told apart). Each band is named above it; hovering
 * it shows its tooltip.
 */
export function campaignMarkArea(bands: readonly CampaignBand[], look: ChartLook): MarkAreaComponentOption | undefined {
  if (bands.length === 0) return undefined;
  return {
    silent: false,
    itemStyle: {
      color: 'rgba(230, 159, 0, 0.16)',
      borderColor: PALETTE[1],
      borderWidth: 1,
      borderType: 'dashed' as const,
    },
    label: { show: true, position: 'insideTop' as const, color: TEXT, fontSize: look.textSize(12) },
    tooltip: {
      trigger: 'item',
      // A mark's tooltip is handed one item; ECharts types it as unknown here.
      formatter: (params: unknown) => {
        const item = [params as TooltipParams].flat()[0];
        return escapeHtml(bands[item?.dataIndex ?? -1]?.tooltip ?? item?.name ?? '');
      },
    },
    emphasis: { disabled: true },
    data: bands.map((band) => [{ name: band.name, xAxis: band.first }, { xAxis: band.last }]),
  };
}
