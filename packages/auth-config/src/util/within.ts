/** Thrown by {@link within} when the operation took longer than allowed. @internal */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/**
 * `promise`, or a {@link TimeoutError} after `ms`: a Redis server that accepts connections but does not answer must
 * not hold a page or a logout. The operation itself goes on; callers only stop waiting for it.
 *
 * @internal
 */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Timers run before I/O in Node's event loop: after a stall of the loop (a long render), an answer that came in
    // meanwhile is still unread when the timer fires. One turn of the loop reads it before the time-out counts.
    timer = setTimeout(() => setImmediate(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`))), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
