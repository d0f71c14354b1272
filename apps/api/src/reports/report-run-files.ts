import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { ReportFormat } from '@kiosk-pulse/contract';
import { ReportsService, type ReportFile, type ReportRequest } from './reports.module';
import { reportFilesReused } from './report.metrics';

type FileRequest = ReportRequest & { format: ReportFormat };

/** Long enough for a run's deliveries and their retries (1 + 2 + 4 + 8 minutes apart by default). */
const KEEP_MS = 20 * 60_000;
/** What the kept files may weigh together: a city's PDF is a few hundred kB, a ward's less. */
const KEEP_BYTES = 64 * 1024 * 1024;

/**
 * The files of a scheduled run, in this process: subscribers of the same scope, period, language
 * and format get the file rendered once (a PDF takes Chromium seconds), and a retry gets the same
 * bytes as the attempt before it. Renders under way are shared too (lru-cache's fetch). Kept
 * KEEP_MS at most, the least recently used dropped first past KEEP_BYTES; a render that failed is
 * not kept.
 */
@Injectable()
export class ReportRunFiles {
  private readonly kept = new LRUCache<string, ReportFile, FileRequest>({
    ttl: KEEP_MS,
    maxSize: KEEP_BYTES,
    sizeCalculation: (file) => Math.max(file.body.length, 1),
    fetchMethod: (_key, _stale, { context }) => this.reports.render(context),
  });

  constructor(private readonly reports: ReportsService) {}

  async file(request: FileRequest): Promise<ReportFile> {
    const wardCode = request.scope === 'ward' ? request.wardCode : '';
    const key = [request.scope, wardCode, request.period, request.start, request.language, request.format].join('|');
    const status: LRUCache.Status<string, ReportFile, FileRequest> = {};
    const file = await this.kept.fetch(key, { context: request, status });
    if (status.fetch === 'hit' || status.fetch === 'inflight') reportFilesReused.inc({ format: request.format });
    if (!file) throw new Error(`the ${request.format} report was not made`);
    return file;
  }
}
