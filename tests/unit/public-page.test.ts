import type { PublicCount, PublicWard } from '@kiosk-pulse/contract';
import { PARTLY_HIDDEN_BAR } from '../../apps/dashboard/src/charts/breakdown.options';
import type { ChartLook } from '../../apps/dashboard/src/charts/chart-style';
import { CON_DAO_MAP, MAINLAND_MAP } from '../../apps/dashboard/src/charts/map.options';
import { barLength, writePublicCount } from '../../apps/dashboard/src/share/public-counts';
import { agesOptions, daysOptions, publicMapOptions } from '../../apps/dashboard/src/share/share.options';

// Figures written so that a test can tell the page's writing from ECharts' own.
const words = { number: (value: number) => `#${value}`, hidden: 'ẩn' };
const write = (count: PublicCount) => writePublicCount(count, words);
const look: ChartLook = { textSize: (px) => px * 2, formatValue: (value) => `#${String(value)}` };

/** The public page's counts (docs/privacy.md, "The public view") as written and as drawn. */
describe('the public page’s figures', () => {
  it('writes a rounded count, "<10", "≥ n" and hidden', () => {
    expect(write(1235)).toBe('#1235');
    expect(write(0)).toBe('#0');
    expect(write({ below: 10 })).toBe('<#10');
    expect(write({ atLeast: 15 })).toBe('≥ #15');
    expect(write({ atLeast: 0 })).toBe('ẩn');
  });

  it('draws no bar under the threshold, a lower bound’s bar to its bound', () => {
    expect([40, { below: 10 }, { atLeast: 15 }, { atLeast: 0 }].map((count) => barLength(count))).toEqual([
      40, 0, 15, 0,
    ]);
  });

  it('draws each day as a bar, a day below 10 as no bar with "<10" written upwards', () => {
    const option: any = daysOptions(
      [
        { label: '01/12', count: 45 },
        { label: '02/12', count: { below: 10 } },
      ],
      write,
      look,
    );
    expect(option.xAxis.data).toEqual(['01/12', '02/12']);
    const [plain, small] = option.series[0].data;
    expect(plain).toEqual({ value: 45, written: '#45' });
    expect(small).toMatchObject({ value: 0, written: '<#10', itemStyle: PARTLY_HIDDEN_BAR });
    expect(small.label).toMatchObject({ show: true, formatter: '<#10', rotate: 90, fontSize: 24, opacity: 1 });
    // The tooltip writes the page's figure, never the bar's length.
    expect(option.tooltip.formatter([{ name: '02/12', data: small }])).toBe('02/12: &#60;#10');
  });

  it('writes every age group’s count beside its bar, a partly hidden one lighter and hatched', () => {
    const option: any = agesOptions(
      [
        { label: '16–30', count: 30 },
        { label: '65–74', count: { atLeast: 0 } },
        { label: '75+', count: { atLeast: 15 } },
      ],
      write,
      look,
    );
    expect(option.yAxis).toMatchObject({ data: ['16–30', '65–74', '75+'], inverse: true });
    const bars = option.series[0].data;
    expect(bars.map((bar: { value: number }) => bar.value)).toEqual([30, 0, 15]);
    expect(bars.map((bar: object) => option.series[0].label.formatter({ data: bar }))).toEqual(['#30', 'ẩn', '≥ #15']);
    expect(bars[0].itemStyle).toBeUndefined();
    expect(bars[2].itemStyle).toBe(PARTLY_HIDDEN_BAR);
  });

  const wards: PublicWard[] = [
    { wardCode: '26740', name: 'Phường Sài Gòn', peopleReached: 45 },
    { wardCode: '25771', name: 'Phường <Chánh> Hiệp', peopleReached: { below: 10 } },
  ];

  it('shades the city’s wards by people reached, one below 10 as the lightest, and does not move', () => {
    const option: any = publicMapOptions(wards, { own: null, narrow: false, metric: 'Lượt người' }, write, look);
    expect(option.series.map((series: { map: string }) => series.map)).toEqual([MAINLAND_MAP, CON_DAO_MAP]);
    expect(option.series.every((series: { roam: boolean }) => series.roam === false)).toBe(true);
    expect(option.series[0].data.map((item: { name: string; value: number }) => [item.name, item.value])).toEqual([
      ['26740', 45],
      ['25771', 0],
    ]);
    expect(option.visualMap).toMatchObject({ min: 0, max: 45 });
    expect(option.visualMap.show).not.toBe(false);
    // Names are text, and the count is the public one.
    expect(option.tooltip.formatter({ name: '25771' })).toBe('Phường &#60;Chánh&#62; Hiệp<br/>Lượt người: &#60;#10');
    expect(option.tooltip.formatter({ name: '99999' })).toBe('');
  });

  it('outlines and names a ward’s own link on the city map, closer around it when it can, with no scale', () => {
    const own = { own: '26740', narrow: true, metric: 'Lượt người' };
    const whole: any = publicMapOptions(wards.slice(0, 1), own, write, look);
    expect(whole.series[0].data[0]).toMatchObject({
      name: '26740',
      label: { show: true, formatter: 'Phường Sài Gòn' },
    });
    expect(whole.series).toHaveLength(2);
    expect(whole.visualMap.show).toBe(false);

    const frame = { centre: [106.7, 10.78] as [number, number], zoom: 8 };
    const closer: any = publicMapOptions(wards.slice(0, 1), { ...own, frame }, write, look);
    expect(closer.series).toHaveLength(1);
    expect(closer.series[0]).toMatchObject({ map: MAINLAND_MAP, center: [106.7, 10.78], zoom: 8, roam: false });
    expect(closer.graphic).toEqual([]);
    expect(closer.visualMap).toMatchObject({ seriesIndex: [0], show: false });
  });
});
