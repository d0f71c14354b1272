import type { Campaign } from '@kiosk-pulse/contract';
import { campaignBands, campaignMarkArea } from '../../apps/dashboard/src/charts/campaign-marks';
import { cityDayStartsAt } from '../../apps/dashboard/src/charts/chart-series';
import { trendOptions } from '../../apps/dashboard/src/charts/analysis.options';
import type { ChartLook } from '../../apps/dashboard/src/charts/chart-style';

const look: ChartLook = { textSize: (px) => px, formatValue: (value) => String(value) };
const HOUR = 3_600_000;

const campaign = (name: string, startsAt: string, endsAt: string): Campaign => ({
  id: name,
  name,
  wardCode: '26977',
  place: 'Khu phố 28',
  startsAt,
  endsAt,
  kioskIds: [],
  recordedBy: 'user:staff',
  recordedAt: startsAt,
});

/** The buckets of the city days 1–7 December 2026 (each a city day, 17:00 UTC the day before). */
const days = Array.from({ length: 7 }, (_, index) => cityDayStartsAt(`2026-12-0${index + 1}`));
const nextDay = (start: number) => start + 24 * HOUR;

describe('campaign bands on a trend chart', () => {
  it('covers the buckets a campaign’s hours touch, in city time, and leaves out one outside the range', () => {
    const bands = campaignBands(
      [
        // 07:00–17:00 city time on 6 December: the sixth day only.
        campaign('Ngày hội', '2026-12-06T07:00:00+07:00', '2026-12-06T17:00:00+07:00'),
        // 23:00 UTC on 1 December is 06:00 on the 2nd in the city: the 2nd and 3rd.
        campaign('Tuần lễ', '2026-12-01T23:00:00Z', '2026-12-03T12:00:00+07:00'),
        // Ends exactly when the range starts: outside it.
        campaign('Trước đó', '2026-11-30T07:00:00+07:00', '2026-12-01T00:00:00+07:00'),
      ],
      days,
      nextDay,
      (one) => `${one.name} · ${one.place}`,
    );
    expect(bands).toEqual([
      { name: 'Ngày hội', first: 5, last: 5, tooltip: 'Ngày hội · Khu phố 28' },
      { name: 'Tuần lễ', first: 1, last: 2, tooltip: 'Tuần lễ · Khu phố 28' },
    ]);
  });

  it('marks hours by index, so an hour that repeats on a two-day axis is told apart', () => {
    const hours = Array.from({ length: 48 }, (_, index) => cityDayStartsAt('2026-12-06') + index * HOUR);
    const [band] = campaignBands(
      [campaign('Ngày hội', '2026-12-07T09:30:00+07:00', '2026-12-07T11:00:00+07:00')],
      hours,
      (start) => start + HOUR,
      (one) => one.name,
    );
    expect(band).toMatchObject({ first: 24 + 9, last: 24 + 10 });
  });

  it('puts each band on the trend’s bars, named, and none when there is no campaign', () => {
    const points = days.map((start) => ({ t: new Date(start).toISOString(), value: 3, partial: false }));
    const labels = { axisLabels: days.map(String), fullLabels: days.map(String) };
    const bands = [{ name: 'Ngày hội', first: 5, last: 5, tooltip: 'Ngày hội, 06/12' }];
    const [series] = [trendOptions(points, labels, look, bands).series].flat() as { markArea?: unknown }[];
    expect(series.markArea).toMatchObject({
      label: { show: true },
      data: [[{ name: 'Ngày hội', xAxis: 5 }, { xAxis: 5 }]],
    });
    const [plain] = [trendOptions(points, labels, look).series].flat() as { markArea?: unknown }[];
    expect(plain.markArea).toBeUndefined();
    expect(campaignMarkArea([], look)).toBeUndefined();
    // The tooltip names the campaign hovered, its text escaped.
    const area = campaignMarkArea([{ ...bands[0], tooltip: 'A <b> & B' }], look) as {
      tooltip: { formatter: (params: unknown) => string };
    };
    expect(area.tooltip.formatter({ dataIndex: 0, name: 'Ngày hội' })).toBe('A &#60;b&#62; &#38; B');
  });
});
