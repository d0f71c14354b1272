import { API } from '@kiosk-pulse/contract';
import { REPORT_TOKEN_HEADER, type ReportData } from '@kiosk-pulse/contract';
import { drawCharts } from './report-charts';
import { renderReport, writersFor } from './report-view';
import { PAGE_WORDS } from './report-words';

/**
 * The printable report (/report/#<credential>): what Chromium prints to PDF. The credential, a
 * short-lived one for this one report, is in the address's fragment (never sent, never logged)
 * and goes to the API in a header. When every table is written and every chart drawn the page
 * says so on <body data-ready="true">, which the printer waits for; a failure says
 * data-ready="error: …" so that the printer stops at once instead of printing an empty page.
 */
async function main(): Promise<void> {
  const loading = document.getElementById('report-loading') as HTMLElement;
  const root = document.getElementById('report') as HTMLElement;
  try {
    const token = location.hash.slice(1);
    if (!token) throw new Error('no report credential');
    const response = await fetch(API.reports.print.path, {
      headers: { [REPORT_TOKEN_HEADER]: token },
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`the report was refused (HTTP ${response.status})`);
    const data = (await response.json()) as ReportData;
    const write = writersFor(data);
    document.documentElement.lang = data.language;
    document.title = `${data.placeName} · ${data.period.label} · ${write.words.title}`;
    const slots = renderReport(root, data, write);
    root.hidden = false;
    loading.hidden = true;
    // The tables' type decides where pages break: wait for it before the charts take their size.
    await document.fonts.ready;
    await drawCharts(slots, data, write);
    document.body.dataset.ready = 'true';
  } catch (error) {
    loading.textContent = PAGE_WORDS[document.documentElement.lang === 'en' ? 'en' : 'vi'].failed;
    document.body.dataset.ready = `error: ${(error as Error).message}`;
  }
}

void main();
