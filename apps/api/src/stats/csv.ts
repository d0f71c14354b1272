import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';

/**
 * Sends a table as CSV. UTF-8 with a byte-order mark, which Excel needs to read Vietnamese
 * names correctly; suppressed counts go out as they are shown ("<5").
 */
export function sendCsv(reply: FastifyReply, filename: string, header: string[], rows: unknown[][]): string {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  return '\ufeff' + stringify([header, ...rows]);
}
