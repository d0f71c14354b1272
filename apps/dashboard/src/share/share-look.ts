import type { PublicCount } from '@kiosk-pulse/contract';
import type { ChartLook } from '../charts/chart-style';
import { formatNumber, formatValue } from '../format';
import { t } from '../i18n';
import { screenScale } from '../wall';
import { writePublicCount } from './public-counts';

/** A public count as this page writes it: "1.235", "<10", "≥ 15" or "ẩn". */
export const writeCount = (count: PublicCount): string =>
  writePublicCount(count, { number: formatNumber, hidden: t('ẩn') });

/** The public page's charts: type grows with a big screen, always (there is no desk version of it). */
export const SHARE_LOOK: ChartLook = { textSize: (px) => Math.round(px * screenScale()), formatValue };
