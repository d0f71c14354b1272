import { Injectable } from '@nestjs/common';
import type { ReportFormat } from '@kiosk-pulse/contract';
import { ReportsService, type ReportFile, type ReportRequest } from './reports.module';
import { reportFilesReused } from './report.metrics';

/** Long enough for a run's deliveries and their retries (1 + 2 + 4 + 8 minutes apart by default). */
const KEEP_MS = 20 * 60_000;
/** What the kept files may weigh together: a city's PDF is a few hundred kB, a ward's less. */
const KEEP_BYTES = 64 * 1024 * 1024;

interface Kept {
  file: Promise<ReportFile>;
  at: number;
  bytes: number;
}

/**
 * The files of a scheduled run, in this process: subscribers of the same scope, period, language
 * and format get the file rendered once (a PDF takes Chromium seconds), and a retry gets the same
 * bytes as the attempt before it. Renders under way are shared too. Kept KEEP_MS at most, the
 * oldest dropped first past KEEP_BYTES; a render that failed is not kept.
 */
@Injectable()
export class ReportRunFiles {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly reports: ReportsService) {}

  async file(request: ReportRequest & { format: ReportFormat }, now = Date.now()): Promise<ReportFile> {
    this.drop(now);
    const wardCode = request.scope === 'ward' ? request.wardCode : '';
    const key = [request.scope, wardCode, request.period, request.start, request.language, request.format].join('|');
    const kept = this.kept.get(key);
    if (kept) {
      reportFilesReused.inc({ format: request.format });
      return kept.file;
    }
    const entry: Kept = { file: this.reports.render(request), at: now, bytes: 0 };
    this.kept.set(key, entry);
    try {
      const file = await entry.file;
      entry.bytes = file.body.length;
      return file;
    } catch (error) {
      if (this.kept.get(key) === entry) this.kept.delete(key);
      throw error;
    }
  }

  /** Drops the files older than KEEP_MS, and the oldest while all weigh more than KEEP_BYTES. */
  private drop(now: number): void {
    let bytes = 0;
    for (const entry of this.kept.values()) bytes += entry.bytes;
    for (const [key, entry] of this.kept) {
      if (now - entry.at <= KEEP_MS && bytes <= KEEP_BYTES) break;
      this.kept.delete(key);
      bytes -= entry.bytes;
    }
  }
}
