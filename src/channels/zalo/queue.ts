/**
 * Runs tasks one after another per key (a chat id) and concurrently across keys.
 * Two quick messages from one person must be answered in order, and each turn reads and
 * writes that chat's session: handled in parallel, the second could overwrite the first's
 * follow-up context. Other chats do not wait for a slow one.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Queue `task` behind the tasks already queued for `key`; a failing task never blocks the next. */
  push(key: string, task: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch(() => undefined);
    this.tails.set(key, next);
    // Forget the key once its queue is empty, so a long-running bot does not collect chats.
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Number of keys with queued or running tasks. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when every task queued so far (and any queued meanwhile) has finished. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
