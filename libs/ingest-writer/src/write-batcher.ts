interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers items handed in one at a time (one per queue job) into batches written together.
 * A batch is cut when it holds maxWeight items' worth of weight or maxWaitMs after its first
 * item, whichever comes first; each add() settles only when its batch is written, so a job is
 * acknowledged only after its events are committed. Up to maxConcurrentWrites batches are
 * written at once: while one commits, the next is on its way, so the database is not left idle
 * while this process prepares a batch and handles the last one's result. A batch holding an
 * item that must see every earlier write (an undo of an event sent before it) waits for them.
 */
export class WriteBatcher<T> {
  private pending: Entry<T>[] = [];
  private pendingWeight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly cut: Entry<T>[][] = [];
  private writing = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** Writes a batch; may settle items one by one by returning an error (or undefined) per item. */
    private readonly write: (items: T[]) => Promise<(Error | undefined)[] | void>,
    private readonly weigh: (item: T) => number,
    private readonly maxWeight: number,
    private readonly maxWaitMs: number,
    private readonly options: { concurrentWrites?: number; waitsForEarlier?: (item: T) => boolean } = {},
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingWeight += this.weigh(item);
      if (this.pendingWeight >= this.maxWeight) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    });
  }

  /** Cuts what is pending into a batch; resolves when every batch so far is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) this.cut.push(this.pending);
    this.pending = [];
    this.pendingWeight = 0;
    this.startWrites();
    if (this.writing === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private startWrites(): void {
    const most = this.options.concurrentWrites ?? 1;
    while (this.writing < most && this.cut.length > 0) {
      if (this.writing > 0 && this.cut[0].some((entry) => this.options.waitsForEarlier?.(entry.item))) return;
      const batch = this.cut.shift()!;
      this.writing++;
      void this.writeBatch(batch).finally(() => {
        this.writing--;
        this.startWrites();
        if (this.writing === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async writeBatch(batch: Entry<T>[]): Promise<void> {
    try {
      const errors = await this.write(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => (errors?.[i] ? entry.reject(errors[i]) : entry.resolve()));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
