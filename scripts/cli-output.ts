import Table from 'cli-table3';
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { CITY_TIME_ZONE } from '@kiosk-pulse/contract';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

/** An instant as a person in the city reads it (Asia/Ho_Chi_Minh), or "-". */
export function cityTime(instant: string | null | undefined): string {
  return instant ? format(new TZDate(Date.parse(instant), CITY_TIME_ZONE), 'dd/MM/yyyy HH:mm') : '-';
}

// No colours: the output is as readable piped into a file or a pager.
const plain = { style: { head: [] as string[], border: [] as string[] } };

/** Rows as a table, one column per entry of `columns`; "(none)" for no rows. */
export function table<T>(rows: T[], columns: Column<T>[]): string {
  if (rows.length === 0) return '(none)';
  const out = new Table({ ...plain, head: columns.map((column) => column.header) });
  for (const row of rows) out.push(columns.map((column) => String(column.value(row) ?? '-')));
  return out.toString();
}

/** One record as two columns: name and value. */
export function record<T>(row: T, columns: Column<T>[]): string {
  const out = new Table(plain);
  for (const column of columns) out.push({ [column.header]: String(column.value(row) ?? '-') });
  return out.toString();
}

/**
 * What a command prints: a table for people, or with `--json` the API's JSON for scripts (a list
 * as one object per line).
 */
export function printer(json: boolean | undefined) {
  return {
    list<T>(rows: T[], columns: Column<T>[]): void {
      if (json) for (const row of rows) console.log(JSON.stringify(row));
      else console.log(table(rows, columns));
    },
    one<T>(row: T, columns: Column<T>[]): void {
      console.log(json ? JSON.stringify(row) : record(row, columns));
    },
  };
}
