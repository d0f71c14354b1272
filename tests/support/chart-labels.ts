import type { DrawnText } from './canvas-text';

/** The category labels of the age and guide bar charts, as written in Vietnamese. */
export const CATEGORY_LABELS = new Set([
  'Dưới 14',
  '14–15',
  '16–30',
  '31–44',
  '45–59',
  '60–64',
  '65–74',
  '75+',
  'Không rõ',
  'VNeID',
  'Dịch vụ công',
  'Tra cứu thủ tục',
  'Nhận diện lừa đảo',
  'Khác',
]);

/** The first category of each bar chart: where a chart's last drawing of its labels starts. */
const FIRST_LABELS = new Set(['Dưới 14', 'VNeID']);

/**
 * Category labels drawn on one line of one chart, in its last drawing (a chart drawn again at
 * another size puts its labels elsewhere), that run into one another.
 */
export function overlappingLabels(drawn: DrawnText[]): string[] {
  const found: string[] = [];
  for (const chart of new Set(drawn.map((item) => item.chart))) {
    const own = drawn.filter((item) => item.chart === chart && CATEGORY_LABELS.has(item.text));
    const last = own.findLastIndex((item) => FIRST_LABELS.has(item.text));
    const labels = own.slice(Math.max(0, last));
    for (const a of labels)
      for (const b of labels)
        if (a.text !== b.text && Math.abs(a.y - b.y) < 4 && a.left < b.left && a.right > b.left + 1)
          found.push(`${chart}: "${a.text}" runs into "${b.text}"`);
  }
  return found;
}
