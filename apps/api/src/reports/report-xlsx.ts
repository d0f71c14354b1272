import ExcelJS from 'exceljs';
import { AGE_GROUPS, METRICS, OUTCOMES, targetIndicatorName, type AgeCount } from '@kiosk-pulse/contract';
import type { ReportData } from '@kiosk-pulse/contract';
import { CSV_LABELS } from '../stats/csv-labels';
import { ageCell } from '../stats/stats.csv';
import { REPORT_WORDS } from './report-words';

/** Ho Chi Minh City keeps UTC+7 all year (no summer time). */
const CITY_OFFSET_MS = 7 * 3_600_000;

/**
 * A city day as a spreadsheet date. A spreadsheet's date has no zone: the day is written as
 * that calendar date (its UTC midnight), so it reads as the same day wherever it is opened.
 */
const dayCell = (day: string): Date => new Date(`${day}T00:00:00Z`);
/** An instant as the city's wall-clock date and time, for the same reason. */
const cityTimeCell = (instant: string): Date => new Date(new Date(instant).getTime() + CITY_OFFSET_MS);

const DAY_FORMAT = 'dd/mm/yyyy';
const TIME_FORMAT = 'dd/mm/yyyy hh:mm';
const PERCENT_FORMAT = '0.0%';

interface Column {
  header: string;
  width?: number;
  format?: string;
}

/** A sheet with a bold header row and the rows given, each cell typed as its value is (number, date or text). */
function addTable(book: ExcelJS.Workbook, name: string, columns: Column[], rows: unknown[][]): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width ?? Math.max(12, Math.min(40, column.header.length + 2)),
    style: column.format ? { numFmt: column.format } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value) => (value === undefined ? null : value)));
  return sheet;
}

/** The report as a workbook: one sheet per table, headers in the report's language, real numbers and dates. */
export async function reportWorkbook(data: ReportData): Promise<Buffer> {
  const lang = data.language;
  const words = REPORT_WORDS[lang];
  const labels = CSV_LABELS[lang];
  const c = words.columns;
  const book = new ExcelJS.Workbook();
  book.creator = 'Kiosk Pulse';
  book.created = new Date(data.generatedAt);
  const age = (count: AgeCount) => ageCell(lang, count);

  const summary = addTable(
    book,
    words.sheets.summary,
    [
      { header: c.item, width: 40 },
      { header: c.value },
      { header: c.previous },
      { header: c.change, format: PERCENT_FORMAT },
      { header: c.median },
      { header: c.againstMedian, format: PERCENT_FORMAT },
    ],
    [
      ...METRICS.map((metric) => [
        labels.metric[metric],
        data.totals[metric],
        data.previous[metric],
        data.change[metric],
        data.median[metric],
        data.againstMedian[metric],
      ]),
      [`${labels.metric.peopleReached} – ${c.sixtyPlus}`, age(data.sixtyPlus)],
      [`${c.kiosks}`, data.kiosks.registered],
      [`${c.kiosks} – ${c.daysActive} > 0`, data.kiosks.active],
      [c.uptime, data.kiosks.meanUptime],
    ],
  );
  // The mean uptime, the last row of the table, is a share too.
  summary.getCell(`B${METRICS.length + 5}`).numFmt = PERCENT_FORMAT;
  // The report's identity below its table: what, where, when, and the rule.
  summary.addRow([]);
  for (const [label, value, format] of [
    [c.ward, data.placeName],
    [c.period, data.period.label],
    [c.firstDay, dayCell(data.period.firstDay), DAY_FORMAT],
    [c.lastDay, dayCell(data.period.lastDay), DAY_FORMAT],
    [c.generatedAt, cityTimeCell(data.generatedAt), TIME_FORMAT],
    ['', data.suppression.rule],
    ['', data.countNote],
  ] as [string, string | Date, string?][]) {
    const row = summary.addRow([label, value]);
    if (format) row.getCell(2).numFmt = format;
  }

  addTable(
    book,
    words.sheets.outcomes,
    [
      { header: c.outcome, width: 45 },
      { header: c.value },
      { header: c.previous },
      { header: c.change, format: PERCENT_FORMAT },
    ],
    OUTCOMES.map((outcome) => [
      labels.outcome[outcome],
      data.byOutcome[outcome],
      data.previousByOutcome[outcome],
      data.previousByOutcome[outcome] === 0
        ? null
        : (data.byOutcome[outcome] - data.previousByOutcome[outcome]) / data.previousByOutcome[outcome],
    ]),
  );

  const ages = addTable(
    book,
    words.sheets.ages,
    [{ header: c.ageGroup, width: 20 }, { header: c.visits }, { header: c.sixtyPlus }],
    AGE_GROUPS.map((group) => [
      labels.ageGroup[group],
      age(data.ageSplit.byAgeGroup[group]),
      data.sixtyPlusGroups.includes(group) ? '✓' : null,
    ]),
  );
  ages.addRow([`${c.sixtyPlus}`, age(data.sixtyPlus)]).font = { bold: true };
  ages.addRow([]);
  ages.addRow([data.suppression.rule]);

  addTable(
    book,
    words.sheets.guides,
    [
      { header: c.guide, width: 24 },
      { header: c.started },
      { header: c.completed },
      { header: c.abandoned },
      { header: c.completionRate, format: PERCENT_FORMAT },
    ],
    data.guides.map((guide) => [
      labels.guide[guide.guide],
      guide.started,
      guide.completed,
      guide.abandoned,
      guide.completionRate,
    ]),
  );

  addTable(
    book,
    words.sheets.targets,
    [
      { header: c.indicator, width: 45 },
      { header: c.ward, width: 24 },
      { header: c.target },
      { header: c.count },
      { header: c.percent, format: PERCENT_FORMAT },
      { header: c.neededPerDay },
      { header: c.recentPerDay },
      { header: c.projectedDay, format: DAY_FORMAT },
      { header: c.startDay, format: DAY_FORMAT },
      { header: c.deadline, format: DAY_FORMAT },
      { header: c.status },
      { header: c.note, width: 60 },
    ],
    // Figures stay numbers; a lower bound (an age group's count some published day hid part of)
    // says so in the note, and a team's age-group target, which no split counts, has no figures
    // and its reason there instead.
    data.targets.progress.map((entry) => {
      const name = targetIndicatorName(entry.target.indicator, entry.target.ageGroups, lang, 'full');
      const place = entry.wardName ?? words.cityTarget;
      const days = [dayCell(entry.target.startDay), dayCell(entry.target.deadline)];
      if (entry.uncounted) {
        return [name, place, entry.target.target, null, null, null, null, null, ...days, null, entry.uncounted[lang]];
      }
      return [
        name,
        place,
        entry.target.target,
        entry.count,
        entry.percent / 100,
        entry.neededPerDay,
        entry.recentPace.perDay,
        entry.projectedDay === null ? null : dayCell(entry.projectedDay),
        ...days,
        words.status[entry.status],
        entry.countAtLeast ? words.atLeast : entry.recentPace.atLeast ? words.paceAtLeast : null,
      ];
    }),
  );

  addTable(
    book,
    words.sheets.kiosks,
    [
      { header: c.kiosk, width: 28 },
      { header: c.ward },
      { header: labels.metric.peopleReached },
      { header: labels.metric.guidesCompleted },
      { header: labels.metric.accountsRegistered },
      { header: c.daysActive },
      { header: c.hoursHeard },
      { header: c.uptime, format: PERCENT_FORMAT },
    ],
    data.kiosks.list.map((kiosk) => [
      kiosk.label,
      kiosk.wardCode,
      kiosk.peopleReached,
      kiosk.guidesCompleted,
      kiosk.accountsRegistered,
      kiosk.daysActive,
      kiosk.hoursHeard,
      kiosk.uptime,
    ]),
  );

  addTable(
    book,
    words.sheets.campaigns,
    [
      { header: c.name, width: 36 },
      { header: c.ward },
      { header: c.place, width: 20 },
      { header: c.startsAt, format: TIME_FORMAT, width: 18 },
      { header: c.endsAt, format: TIME_FORMAT, width: 18 },
      { header: c.kiosks },
    ],
    data.campaigns.map((campaign) => [
      campaign.name,
      campaign.wardCode,
      campaign.place,
      cityTimeCell(campaign.startsAt),
      cityTimeCell(campaign.endsAt),
      campaign.kioskIds.length,
    ]),
  );

  addTable(
    book,
    words.sheets.days,
    [{ header: c.day, format: DAY_FORMAT }, { header: labels.metric.peopleReached }],
    data.days.map((day) => [dayCell(day.day), day.peopleReached]),
  );

  return Buffer.from(await book.xlsx.writeBuffer());
}
