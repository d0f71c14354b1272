import { PayloadTooLargeException } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import {
  AGE_GROUPS,
  AGE_GROUPS_60_PLUS,
  OUTCOME_LABELS,
  OUTCOME_NAMES,
  TARGET_IMPORT_COLUMNS,
  TARGET_INDICATORS,
  canonicalAgeGroups,
  type AgeGroup,
  type TargetImportColumn,
  type TargetImportError,
  type TargetIndicator,
  type Team,
} from '@kiosk-pulse/contract';
import { MAX_TARGET, isCalendarDay } from '@kiosk-pulse/contract/target-input';
import { scopeKey, targetProblems, type TargetFields } from './target.schema';

/** The most rows one file may hold: every ward's every indicator for a few periods. */
export const MAX_IMPORT_ROWS = 5_000;

/** What a cell holds once read: text, a number, or a date (an XLSX date cell). */
type Cell = string | number | Date | null;

interface SheetRow {
  /** As the spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: Cell[];
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();

/** Each column's header as the README writes it, and as a Vietnamese sheet may (folded: no marks, lower case). */
const HEADERS: Record<TargetImportColumn, string[]> = {
  indicator: ['indicator', 'chi so'],
  age_groups: ['age groups', 'nhom tuoi'],
  ward_code: ['ward code', 'ma phuong', 'ma phuong xa', 'ma don vi'],
  team: ['team', 'to'],
  target: ['target', 'chi tieu'],
  start_day: ['start day', 'start', 'bat dau', 'ngay bat dau'],
  deadline: ['deadline', 'han', 'thoi han', 'han hoan thanh'],
  note: ['note', 'ghi chu'],
};
const REQUIRED: TargetImportColumn[] = ['indicator', 'target', 'start_day', 'deadline'];

/** Indicator names a sheet may use: the code, or an outcome's Vietnamese or English label. */
const INDICATOR_NAMES = new Map<string, TargetIndicator>([
  ...TARGET_INDICATORS.map((indicator) => [fold(indicator), indicator] as const),
  ['luot', 'visits'],
  ['luot ho tro', 'visits'],
  ['luot truy cap', 'visits'],
  ...Object.entries(OUTCOME_LABELS).flatMap(([outcome, label]) => [
    [fold(label.vi), outcome as TargetIndicator] as const,
    [fold(label.en), outcome as TargetIndicator] as const,
  ]),
  ...Object.entries(OUTCOME_NAMES).flatMap(([outcome, label]) => [
    [fold(label.vi), outcome as TargetIndicator] as const,
    [fold(label.en), outcome as TargetIndicator] as const,
  ]),
]);

/** The rows of a CSV file (UTF-8, with or without a BOM; comma or semicolon separated). */
export function csvRows(file: Buffer): SheetRow[] {
  const text = file.toString('utf8').replace(/^\ufeff/, '');
  const firstLine = text.split(/\r?\n/, 1)[0];
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  return records.map((cells, index) => ({ row: index + 1, cells }));
}

/**
 * The most an XLSX may unpack to. exceljs inflates every part into memory before it reads a cell,
 * so a small zip of a huge part (a zip bomb) would take the api's memory; the city's sheet of
 * every ward's targets unpacks to well under 1 MB.
 */
export const MAX_XLSX_UNPACKED_BYTES = 10 * 1024 * 1024;
/** An XLSX has a dozen parts or so; thousands of empty ones would cost as much to walk. */
export const MAX_XLSX_ENTRIES = 500;

const tooLarge = (what: string) =>
  new PayloadTooLargeException(
    `the file unpacks to ${what}: an XLSX of targets may unpack to ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB in ${MAX_XLSX_ENTRIES} parts`,
  );

/**
 * Refuses (413) an XLSX whose parts unpack to more than `limit` bytes in all. The sizes its
 * entries declare are checked first; then every part is inflated as a stream and counted, so an
 * entry that declares less than it holds stops at its declared size (yauzl's own check), and
 * nothing past the limit is ever inflated.
 */
export function checkUnpackedSize(file: Buffer, limit = MAX_XLSX_UNPACKED_BYTES): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error) return reject(error);
      if (zip.entryCount > MAX_XLSX_ENTRIES) return reject(tooLarge(`${zip.entryCount} parts`));
      let declared = 0;
      let inflated = 0;
      let failed = false;
      const fail = (reason: Error) => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(reason);
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (!failed) resolve();
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > limit) return fail(tooLarge(`at least ${declared} bytes`));
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (opened, stream) => {
          if (opened) return fail(opened);
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > limit) {
              stream.destroy();
              fail(tooLarge(`more than ${limit} bytes`));
            }
          });
          stream.on('error', fail);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}

/** The rows of an XLSX file's first sheet, each cell as its value (a date cell as a Date). */
export async function xlsxRows(file: Buffer): Promise<SheetRow[]> {
  await checkUnpackedSize(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    rows.push({ row: number, cells: Array.from(cells, (cell) => cell ?? null) });
  });
  return rows;
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String(value.text);
  return null;
}

const text = (cell: Cell): string =>
  cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim();

/**
 * The targets of a sheet's rows, checked row by row: either every row's fields, or every
 * error found (naming its row and column). Wards and teams are checked here against what is
 * given; the caller checks them again in the transaction that writes.
 */
export function readTargetRows(
  sheet: SheetRow[],
  known: { wards: Set<string>; teams: Team[] },
): { rows: { row: number; fields: TargetFields }[]; errors: TargetImportError[] } {
  const errors: TargetImportError[] = [];
  const rows: { row: number; fields: TargetFields }[] = [];
  const header = sheet[0];
  if (!header) return { rows, errors: [{ row: 1, column: '', message: 'the file is empty: no header row' }] };
  const columns = new Map<TargetImportColumn, number>();
  header.cells.forEach((cell, index) => {
    const name = text(cell);
    if (name === '') return;
    const column = (Object.keys(HEADERS) as TargetImportColumn[]).find((key) => HEADERS[key].includes(fold(name)));
    if (!column)
      errors.push({
        row: header.row,
        column: name,
        message: `unknown column; the columns are ${TARGET_IMPORT_COLUMNS.join(', ')}`,
      });
    else if (columns.has(column))
      errors.push({ row: header.row, column: name, message: `the column ${column} appears twice` });
    else columns.set(column, index);
  });
  for (const column of REQUIRED)
    if (!columns.has(column)) errors.push({ row: header.row, column, message: 'this column is missing' });
  if (errors.length > 0) return { rows, errors };

  const body = sheet.slice(1).filter((row) => row.cells.some((cell) => text(cell) !== ''));
  if (body.length === 0) errors.push({ row: 2, column: '', message: 'the file has no target rows' });
  if (body.length > MAX_IMPORT_ROWS)
    return {
      rows,
      errors: [{ row: MAX_IMPORT_ROWS + 2, column: '', message: `a file holds at most ${MAX_IMPORT_ROWS} rows` }],
    };
  const seen = new Map<string, number>();
  for (const { row, cells } of body) {
    const cell = (column: TargetImportColumn): Cell => {
      const index = columns.get(column);
      return index === undefined ? null : (cells[index] ?? null);
    };
    const problems: TargetImportError[] = [];
    const fail = (column: TargetImportColumn, message: string) => {
      problems.push({ row, column, message });
      return undefined;
    };
    const indicator = readIndicator(cell('indicator'), fail);
    const ageGroups = readAgeGroups(cell('age_groups'), fail);
    const wardCode = readWard(cell('ward_code'), known.wards, fail);
    const teamId = readTeam(cell('team'), wardCode, known.teams, fail);
    const target = readTarget(cell('target'), fail);
    const startDay = readDay(cell('start_day'), 'start_day', fail);
    const deadline = readDay(cell('deadline'), 'deadline', fail);
    const note = text(cell('note'));
    if (note.length > 200) fail('note', 'must be at most 200 characters');
    if (/[\p{Cc}\p{Cf}]/u.test(note)) fail('note', 'must not contain control or text-direction characters');
    if (problems.length === 0) {
      const fields: TargetFields = {
        indicator: indicator as TargetIndicator,
        ageGroups: ageGroups ?? null,
        wardCode: wardCode ?? null,
        teamId: teamId ?? null,
        target: target as number,
        startDay: startDay as string,
        deadline: deadline as string,
        note: note === '' ? null : note.normalize('NFC'),
      };
      for (const problem of targetProblems(fields))
        fail(problem.field === 'ageGroups' ? 'age_groups' : 'deadline', problem.message);
      const key = scopeKey(fields);
      const earlier = seen.get(key);
      if (earlier !== undefined)
        fail('indicator', `row ${earlier} sets the same indicator, ward, team and period; keep one of the two`);
      if (problems.length === 0) {
        seen.set(key, row);
        rows.push({ row, fields });
      }
    }
    errors.push(...problems);
  }
  return { rows, errors };
}

type Fail = (column: TargetImportColumn, message: string) => undefined;

function readIndicator(cell: Cell, fail: Fail): TargetIndicator | undefined {
  const name = text(cell);
  if (name === '') return fail('indicator', 'is empty');
  return (
    INDICATOR_NAMES.get(fold(name)) ??
    fail('indicator', `"${name}" is not one of ${TARGET_INDICATORS.join(', ')} (or an outcome's name)`)
  );
}

/** Age groups separated by spaces, commas or semicolons; "60+" stands for 60_64, 65_74 and 75_plus. */
function readAgeGroups(cell: Cell, fail: Fail): AgeGroup[] | undefined {
  const written = text(cell);
  if (written === '') return undefined;
  const groups: AgeGroup[] = [];
  for (const part of written.split(/[\s,;]+/).filter(Boolean)) {
    if (part === '60+') groups.push(...AGE_GROUPS_60_PLUS);
    else if ((AGE_GROUPS as readonly string[]).includes(part)) groups.push(part as AgeGroup);
    else return fail('age_groups', `"${part}" is not an age group (${AGE_GROUPS.join(', ')}, or 60+)`);
  }
  return canonicalAgeGroups(groups);
}

/** A ward's 5-digit code; a number cell lost its leading zeros, which are put back. Empty: the city. */
function readWard(cell: Cell, wards: Set<string>, fail: Fail): string | undefined {
  const code = typeof cell === 'number' && Number.isInteger(cell) ? String(cell).padStart(5, '0') : text(cell);
  if (code === '') return undefined;
  if (!/^\d{5}$/.test(code))
    return fail('ward_code', `"${code}" is not a 5-digit ward code (leave it empty for the city)`);
  if (!wards.has(code)) return fail('ward_code', `unknown ward ${code}`);
  return code;
}

/** A team by its name, of the row's ward (or of the city). */
function readTeam(cell: Cell, wardCode: string | undefined, teams: Team[], fail: Fail): string | undefined {
  const name = text(cell);
  if (name === '') return undefined;
  const team = teams.find(
    (candidate) =>
      candidate.name.normalize('NFC').toLowerCase() === name.normalize('NFC').toLowerCase() &&
      (wardCode === undefined || candidate.wardCode === null || candidate.wardCode === wardCode),
  );
  return team?.id ?? fail('team', `no team "${name}"${wardCode ? ` in ward ${wardCode}` : ''}: create it first`);
}

/** A whole number above 0; thousands may be grouped with dots, commas or spaces (1.200, 1,200, 1 200). */
function readTarget(cell: Cell, fail: Fail): number | undefined {
  const written = text(cell);
  if (written === '') return fail('target', 'is empty');
  const value =
    typeof cell === 'number'
      ? cell
      : /^\d{1,3}([., \u00a0]\d{3})+$|^\d+$/.test(written)
        ? Number(written.replace(/[., \u00a0]/g, ''))
        : Number.NaN;
  if (!Number.isInteger(value) || value <= 0) return fail('target', `"${written}" is not a whole number above 0`);
  if (value > MAX_TARGET) return fail('target', `${value} is more than ${MAX_TARGET}`);
  return value;
}

/** A day as YYYY-MM-DD or DD/MM/YYYY (as written in Vietnam), or a date cell. */
function readDay(cell: Cell, column: TargetImportColumn, fail: Fail): string | undefined {
  // A date cell is the day at midnight UTC, whatever the zone it was typed in.
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? fail(column, 'is not a date') : cell.toISOString().slice(0, 10);
  const written = text(cell);
  if (written === '') return fail(column, 'is empty');
  const vietnamese = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(written);
  const day = vietnamese
    ? `${vietnamese[3]}-${vietnamese[2].padStart(2, '0')}-${vietnamese[1].padStart(2, '0')}`
    : written;
  return isCalendarDay(day) ? day : fail(column, `"${written}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
}
