/**
 * The newest of a view's readings. Each new reading cancels the one before it, so an older,
 * slower answer (another ward, another range) can never be drawn over a newer one.
 */
export class Latest {
  private controller: AbortController | undefined;

  /** Starts a reading: the signal for its requests, aborted as soon as another one starts. */
  next(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Cancels the reading under way, if any (its view was left, its scope changed). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

/** A request given up on purpose: nothing to report. */
export const isAborted = (error: unknown, signal?: AbortSignal): boolean =>
  signal?.aborted === true || (error instanceof DOMException && error.name === 'AbortError');
