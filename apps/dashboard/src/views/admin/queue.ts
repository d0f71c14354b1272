import type { QueueHealth } from '@kiosk-pulse/contract';
import { button, byId, element, row } from '../../dom';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';
import { empty, type AdminContext } from './section';

/** How far behind the ingest queue is, and the batches that failed for good, each with a retry. */
export class QueueSection {
  constructor(private readonly admin: AdminContext) {}

  show(queue: QueueHealth): void {
    byId('queue-summary').textContent =
      `${t('Đang chờ')}: ${formatNumber(queue.waiting + queue.delayed)} · ${t('Đang ghi')}: ${formatNumber(queue.active)} · ` +
      `${t('Thất bại')}: ${formatNumber(queue.failed)}`;
    byId('queue-failed')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(queue.failedJobs.length === 0 ? [empty(6, 'Không có lô sự kiện nào thất bại.')] : []),
        ...queue.failedJobs.map((job) =>
          row([
            job.failedAt ? formatDateTime(job.failedAt) : '–',
            this.admin.wards.cell(job.wardCode),
            formatNumber(job.events),
            formatNumber(job.attempts),
            element('span', { textContent: job.error, translate: false, lang: 'en' }),
            button(
              t('Thử lại'),
              () =>
                void this.admin.act(async () => {
                  await this.admin.api.queue.retry({ params: { id: job.id } });
                }),
            ),
          ]),
        ),
      );
  }
}
