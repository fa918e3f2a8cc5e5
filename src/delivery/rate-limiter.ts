import { pause } from "../util/timeout.js";

/**
 * A token bucket: on average `perSecond` takes a second, with bursts up to `burst`. Waiters
 * are served in order. Used to pace outbox traffic below a platform's limit so that replies
 * to people who are chatting always find room.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.ceil(perSecond / 10)),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when one more message may go (or at once when `signal` aborts). */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn;
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1 || signal?.aborted) {
        this.tokens -= 1;
        return;
      }
      await pause(((1 - this.tokens) / this.perSecond) * 1_000, signal);
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1_000) * this.perSecond);
    this.last = now;
  }
}
