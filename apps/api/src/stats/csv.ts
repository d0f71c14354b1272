import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';

/** A table as a CSV file holds it: the header row, then the rows. */
export interface CsvTable {
  header: string[];
  rows: unknown[][];
}

/**
 * Sends a table as CSV. UTF-8 with a byte-order mark, which Excel needs to read Vietnamese
 * names correctly; suppressed counts go out as they are shown ("<5"). Text cells starting with
 * = + - @, a tab or a carriage return get a leading single quote, so that Excel and LibreOffice
 * show them as text rather than run them as formulas (kiosk labels and population sources are
 * free text); numbers, negative ones included, stay numbers.
 */
export function sendCsv(reply: FastifyReply, filename: string, table: CsvTable): string {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  return '\ufeff' + stringify([table.header, ...table.rows], { escape_formulas: true });
}
