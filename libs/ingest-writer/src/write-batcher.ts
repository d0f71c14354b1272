/**
 * Gathers items handed in one at a time (one per queue job) into batches written together.
 * A batch is written when it holds maxSize items' worth of weight or maxWaitMs after its first
 * item, whichever comes first; each add() settles only when its batch is written, so a job is
 * acknowledged only after its events are committed. Batches are written one after another.
 */
export class WriteBatcher<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private pendingWeight = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    /** Writes a batch; may settle items one by one by returning an error (or undefined) per item. */
    private readonly write: (items: T[]) => Promise<(Error | undefined)[] | void>,
    private readonly weigh: (item: T) => number,
    private readonly maxWeight: number,
    private readonly maxWaitMs: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingWeight += this.weigh(item);
      if (this.pendingWeight >= this.maxWeight) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    });
  }

  /** Writes what is pending now; resolves when every batch so far is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingWeight = 0;
    if (batch.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          const errors = await this.write(batch.map((entry) => entry.item));
          batch.forEach((entry, i) => (errors?.[i] ? entry.reject(errors[i]) : entry.resolve()));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      });
    }
    return this.writing;
  }
}
