import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AgeSplitService } from './age-split.service';

const PUBLISH_EVERY_MS = 5 * 60_000;

/**
 * Publishes each period's age split soon after it is due (docs/privacy.md), at start and every
 * five minutes, in every api (a period is published once, under a lock). Without it the first
 * read of a long range would publish every period in it from the raw events, holding the
 * embedded database's one connection for as long; and a period left unpublished until its raw
 * events are past RAW_RETAIN_DAYS could no longer be published at all.
 */
@Injectable()
export class AgeSplitPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AgeSplitPublisher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly splits: AgeSplitService) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.publish();
    };
    tick();
    this.timer = setInterval(tick, PUBLISH_EVERY_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async publish(): Promise<void> {
    const started = performance.now();
    try {
      const periods = await this.splits.publishDue();
      if (periods > 0) {
        this.logger.log(`published ${periods} age-split periods in ${Math.round(performance.now() - started)} ms`);
      }
    } catch (error) {
      this.logger.warn(`could not publish age splits: ${(error as Error).message}`);
    }
  }
}
