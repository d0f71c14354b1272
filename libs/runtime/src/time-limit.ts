/**
 * Waits for `work` at most `ms`; after that resolves with `fallback()` instead. For shutdown
 * steps that must not hold a process open forever when a peer (Redis) has gone away.
 */
export async function withinTime<T>(work: Promise<T>, ms: number, fallback: () => T | Promise<T>): Promise<T> {
  // The loser of the race may still fail later; that must not become an unhandled rejection.
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
