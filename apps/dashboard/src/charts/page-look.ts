import { formatValue } from '../format';
import { textSize } from '../wall';
import type { ChartLook } from './chart-style';

/** Charts as this page draws them: its wall-screen type size, its way of writing numbers. */
export const PAGE_LOOK: ChartLook = { textSize, formatValue };
