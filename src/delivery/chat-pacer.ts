import { pause } from "../util/timeout.js";

/**
 * Spaces the messages one chat receives: platforms allow about one message a second per chat
 * (Telegram answers a burst with 429), whatever the overall rate. The outbox sender asks it
 * before each background message and between the parts of one, and tells it when a reply went
 * out, so a notice after an answer still waits; replies themselves never wait here.
 *
 * Memory stays bounded: a chat is remembered only while its last message is younger than the
 * interval (a campaign, which writes once to each chat, never waits and leaves nothing behind).
 */

export interface ChatPacerOptions {
  /** Least time between two messages to one chat; 0 turns pacing off. */
  intervalMs: number;
  /** Monotonic milliseconds; injected by tests. */
  now?: () => number;
  /** Waits `ms` or until `signal` aborts; injected by tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class ChatPacer {
  /** When each recently written chat last got a message, oldest first (Map keeps insertion order). */
  private readonly lastSent = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ChatPacerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? pause;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  /** Chats remembered right now (at most those written to within the last interval, plus stale ones until the next `record`). */
  get size(): number {
    return this.lastSent.size;
  }

  /**
   * Resolves once `chatId` may get its next message, or at once when `signal` aborts (the
   * caller checks it). Looks again after each wait: a reply may have gone out meanwhile.
   */
  async wait(chatId: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const left = this.remaining(chatId);
      if (left <= 0 || signal?.aborted) return;
      await this.sleep(left, signal);
    }
  }

  /** Milliseconds until `chatId` may get its next message; 0 when it may now. */
  remaining(chatId: string): number {
    const last = this.lastSent.get(chatId);
    return last === undefined ? 0 : Math.max(0, last + this.options.intervalMs - this.now());
  }

  /** Notes that `chatId` got a message now. */
  record(chatId: string): void {
    if (this.options.intervalMs <= 0) return;
    const now = this.now();
    this.forgetIdle(now);
    this.lastSent.delete(chatId); // re-inserted at the end: the map stays ordered by time
    this.lastSent.set(chatId, now);
  }

  /** Drops chats whose last message is an interval old or more: they may be written to at once. */
  private forgetIdle(now: number): void {
    for (const [chatId, at] of this.lastSent) {
      if (at + this.options.intervalMs > now) return;
      this.lastSent.delete(chatId);
    }
  }
}
