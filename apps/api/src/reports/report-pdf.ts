import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

/** What the footer of every page says besides its number. */
export interface PdfFooter {
  place: string;
  period: string;
  generated: string;
  rule: string;
  /** "Trang" or "Page". */
  page: string;
}

/** Chromium's flags: no GPU or sandbox in a container, and nothing fetched but the report page. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Renders at once per process: each holds a Chromium page (tens of MB); the rest wait their turn. */
const MAX_CONCURRENT = 2;
/** How long the page may take to read its figures and draw its charts. */
const READY_TIMEOUT_MS = 30_000;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

/** The footer Chromium prints on every page: place, period, generation time, the small-count rule, "Trang X/Y". */
export function footerTemplate(footer: PdfFooter): string {
  return `<div style="font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; font-size: 7px; color: #444; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between; gap: 8px;">
  <div><div>${escapeHtml(footer.place)} · ${escapeHtml(footer.period)} · ${escapeHtml(footer.generated)}</div><div>${escapeHtml(footer.rule)}</div></div>
  <div style="white-space: nowrap;">${escapeHtml(footer.page)} <span class="pageNumber"></span>/<span class="totalPages"></span></div>
</div>`;
}

/**
 * Prints the dashboard's report page (/report/) to PDF with Chromium, from this api's own HTTP
 * server, so the charts are the dashboard's ECharts. One browser per process, launched at the
 * first report and closed when the app stops; at most MAX_CONCURRENT pages at a time.
 */
@Injectable()
export class ReportPdf implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportPdf.name);
  private browser: Promise<Browser> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly adapter: HttpAdapterHost,
  ) {}

  async print(token: string, footer: PdfFooter): Promise<Buffer> {
    await this.turn();
    try {
      const browser = await this.launched();
      const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        const page = await context.newPage();
        // The credential rides in the fragment, which is never sent to a server or logged.
        await page.goto(`${this.origin()}/report/#${token}`, { waitUntil: 'load' });
        // Locators, not page functions: this file is compiled without the DOM's types.
        const body = page.locator('body[data-ready]');
        await body.waitFor({ state: 'attached', timeout: READY_TIMEOUT_MS });
        const state = await body.getAttribute('data-ready');
        if (state !== 'true') throw new Error(`the report page did not draw: ${state ?? 'no answer'}`);
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: footerTemplate(footer),
          margin: { top: '14mm', bottom: '20mm', left: '12mm', right: '12mm' },
        });
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  /** The browser, launched at the first call; launched again if it died. */
  private launched(): Promise<Browser> {
    this.browser ??= chromium
      .launch({ executablePath: this.config.chromiumPath, headless: true, args: CHROMIUM_ARGS })
      .then((browser) => {
        browser.on('disconnected', () => {
          this.browser = undefined;
        });
        return browser;
      })
      .catch((error: Error) => {
        this.browser = undefined;
        this.logger.error(`Chromium (${this.config.chromiumPath}) did not start: ${error.message}`);
        throw new ServiceUnavailableException('the PDF printer (Chromium) is not available; the XLSX file is');
      });
    return this.browser;
  }

  /** This process's own HTTP server, on loopback when it listens on every address. */
  private origin(): string {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    const address = fastify.server.address() as AddressInfo | null;
    if (!address) throw new ServiceUnavailableException('the api is not listening yet');
    const host =
      address.address === '0.0.0.0' || address.address === '::'
        ? '127.0.0.1'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
    return `http://${host}:${address.port}`;
  }

  private async turn(): Promise<void> {
    if (this.running < MAX_CONCURRENT) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting render, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
