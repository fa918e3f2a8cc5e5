/**
 * Runs tasks one after another per key (a chat) and concurrently across keys. Webhooks answer
 * the platform at once and leave the work here, so a slow reply never holds up the HTTP answer,
 * while one chat's messages are still handled in the order they were written (each turn reads
 * and writes that chat's session; run in parallel, the second could lose the first's context).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private counter = 0;

  /**
   * @param onError gets every error a task throws; tasks never reject the queue.
   * @param maxPending above this many waiting tasks `push` refuses, so a flood of updates
   *   turns into back-pressure (the platform delivers again later) instead of unbounded memory.
   */
  constructor(
    private readonly onError: (error: unknown) => void,
    readonly maxPending = 10_000,
  ) {}

  /** Tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Queues `task` after the others of `key` (a fresh key when undefined). False when full. */
  push(key: string | undefined, task: () => Promise<void>): boolean {
    if (this.pending >= this.maxPending) return false;
    const lane = key ?? `unkeyed:${++this.counter}`;
    this.pending++;
    const previous = this.tails.get(lane) ?? Promise.resolve();
    const tail: Promise<void> = previous
      .then(task)
      .catch(this.onError)
      .finally(() => {
        this.pending--;
        if (this.tails.get(lane) === tail) this.tails.delete(lane);
      });
    this.tails.set(lane, tail);
    return true;
  }

  /** Resolves once every task queued so far, and any queued meanwhile, has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
