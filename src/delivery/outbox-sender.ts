import type { Logger } from "../logger.js";
import { safeError } from "../logging/safe-error.js";
import type { ChatRepository } from "../records/chats.js";
import { OUTBOX_KINDS, type OutboxEntry, type OutboxFinalState, type OutboxRepository } from "../records/outbox.js";
import { backoffDelay, type BackoffOptions } from "../util/backoff.js";
import { pause } from "../util/timeout.js";
import type { DeliveryMetrics } from "./metrics.js";
import { ChatPacer } from "./chat-pacer.js";
import { KeyedQueue } from "./keyed-queue.js";
import { RateLimiter } from "./rate-limiter.js";
import type { ChannelPort, SendResult } from "./types.js";

/**
 * Sends one channel's outbox. Messages arrive two ways: handed over at once by the instance
 * that stored them (a reply: no database round trip before sending), or claimed from the
 * database by the poll loop (retries that came due, work of an instance that died, messages
 * stored by another process such as a CLI). Chats are served concurrently; within a chat,
 * replies go out in order, and so do background messages (notices, relays, broadcasts), each
 * in its own queue, so a reply never waits behind a background message. Replies go as fast as
 * the platform allows. Background messages, and each part of a long one, are paced twice: per
 * chat (at least `perChatIntervalMs` after the chat's previous message, a reply included) and
 * per channel (a token bucket below the platform's limit), and capped in flight; so a broadcast
 * never delays an answer to someone who is chatting, and one chat never gets a burst.
 */

export interface SenderLimits {
  /** Messages a second for everything but replies (notices, relays, broadcasts). */
  backgroundPerSecond: number;
  /** Background messages claimed but not yet finished, at most. */
  backgroundInFlight: number;
  /** Least time between background messages (or parts of one) to one chat, and after a reply; 0: off. */
  perChatIntervalMs: number;
}

export interface OutboxSenderOptions {
  port: Pick<ChannelPort, "name" | "send">;
  outbox: OutboxRepository;
  chats: ChatRepository;
  metrics: DeliveryMetrics;
  logger: Logger;
  owner: string;
  limits: SenderLimits;
  /** Lease on claimed messages; default 60 s. */
  leaseMs?: number;
  /** How often the database is asked for due messages; default 1 s. */
  pollMs?: number;
  /** Pause of a channel's background traffic after a quota answer; default 1 h. */
  quotaPauseMs?: number;
  /** Told once when a quota answer pauses the channel (campaigns pause and staff are told). */
  onQuota?: (channel: string, until: number, reason: string) => void;
  /** Waits between attempts of a failing message; default 2 s doubling to 10 min, ±20%. */
  retry?: BackoffOptions;
  now?: () => number;
}

/** Results are written in small batches: one commit for many sends at broadcast speed. */
const FLUSH_EVERY_MS = 50;
const FLUSH_AT = 100;
const RETRY: BackoffOptions = { baseMs: 2_000, maxMs: 10 * 60_000, jitter: 0.2 };

const STOPPED_BETWEEN_PARTS = "sending stopped between two parts; the rest goes at the next start";

/** Thrown into a channel's send between two parts when the sender stops; the rest waits for the next run. */
class SendingStopped extends Error {
  constructor() {
    super(STOPPED_BETWEEN_PARTS);
    this.name = "SendingStopped";
  }
}

export class OutboxSender {
  private readonly queue: KeyedQueue;
  private readonly limiter: RateLimiter;
  private readonly pacer: ChatPacer;
  private readonly abort = new AbortController();
  private readonly held = new Set<number>();
  private backgroundHeld = 0;
  private pending: Array<{ id: number; state: OutboxFinalState; messageIds?: string[]; error?: string; partsSent?: number }> = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private pausedUntil = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxSenderOptions) {
    this.queue = new KeyedQueue((error) => options.logger.error({ err: safeError(error), channel: options.port.name }, "outbox task failed"), Number.POSITIVE_INFINITY);
    this.limiter = new RateLimiter(options.limits.backgroundPerSecond);
    this.pacer = new ChatPacer({ intervalMs: options.limits.perChatIntervalMs });
  }

  get channel(): string {
    return this.options.port.name;
  }

  /** Messages this instance has just stored and leased to itself: sent without a claim. */
  dispatch(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) this.schedule(entry);
  }

  /** Starts claiming due messages from the database. */
  start(): void {
    this.loop ??= this.pollLoop();
  }

  /** Asks the poll loop to look now (e.g. a CLI stored a campaign). */
  poke(): void {
    this.wake?.();
  }

  /**
   * Stops claiming, lets what is being sent finish until `deadline`, then lets go of the rest
   * so the next instance to run sends it at once. Results are written before returning.
   */
  async stop(deadline: number): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await Promise.race([this.queue.idle(), pause(Math.max(0, deadline - this.now()))]);
    await this.flush();
    try {
      await this.options.outbox.release(this.options.owner);
    } catch (error) {
      this.options.logger.warn({ err: safeError(error), channel: this.channel }, "outbox leases not released; they expire by themselves");
    }
  }

  /** Messages held by this sender (queued or being sent). */
  get inFlight(): number {
    return this.held.size;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private schedule(entry: OutboxEntry): void {
    if (this.held.has(entry.id)) return;
    this.held.add(entry.id);
    const background = entry.kind !== "reply";
    if (background) this.backgroundHeld++;
    this.queue.push(`${background ? "background" : "reply"}:${entry.chatId}`, async () => {
      try {
        if (background && !(await this.paceBackground(entry.chatId))) return; // stopping: left for the next run
        await this.sendOne(entry, background);
      } finally {
        this.held.delete(entry.id);
        if (background) this.backgroundHeld--;
      }
    });
  }

  /**
   * Waits until a background message, or the next part of one, may go to `chatId`: the chat's
   * interval, then a token of the channel's rate, then the chat again (a reply may have gone
   * out while the token was awaited). False when stopping.
   */
  private async paceBackground(chatId: string): Promise<boolean> {
    const signal = this.abort.signal;
    await this.pacer.wait(chatId, signal);
    await this.limiter.take(signal);
    await this.pacer.wait(chatId, signal);
    return !signal.aborted;
  }

  private async sendOne(entry: OutboxEntry, background: boolean): Promise<void> {
    const { port, metrics, logger } = this.options;
    if (!entry.body) {
      logger.error({ channel: this.channel, id: entry.id }, "outbox message unreadable; given up");
      this.record({ id: entry.id, state: "failed", error: "unreadable body" });
      return;
    }
    // The chat is noted when a part has been delivered (the platform answered), so the next
    // one reaches the platform at least an interval later, whatever the network's delays.
    let stopped = false;
    const beforeNextPart = async () => {
      this.pacer.record(entry.chatId);
      if (await this.paceBackground(entry.chatId)) return;
      stopped = true;
      throw new SendingStopped();
    };
    // A reply is also noted before it goes, so no background part starts while it is on its way.
    if (!background) this.pacer.record(entry.chatId);
    let result: SendResult;
    try {
      result = await port.send({
        chatId: entry.chatId,
        address: entry.address,
        body: entry.body,
        startAtPart: entry.partsSent,
        ...(background ? { beforeNextPart } : {}),
        ...(entry.kind === "broadcast" ? { bulk: true } : {}),
      });
    } catch (error) {
      // A channel's send reports failures as results; a throw is a bug, retried like a failure.
      result = { status: "failed", transient: true, reason: safeError(error).message, partsSent: entry.partsSent };
    }
    this.pacer.record(entry.chatId);
    if (stopped && result.status !== "sent") {
      // Not a failure: the parts sent are kept and the rest goes as soon as a sender runs.
      await this.retry(entry, this.now(), result.partsSent, STOPPED_BETWEEN_PARTS);
      return;
    }
    metrics.sent.inc({ channel: this.channel, kind: entry.kind, status: result.status });
    switch (result.status) {
      case "sent":
        this.record({ id: entry.id, state: "sent", messageIds: result.messageIds });
        return;
      case "blocked":
        this.record({ id: entry.id, state: "blocked", error: result.reason, partsSent: result.partsSent });
        await this.options.chats.markBlocked(this.channel, entry.chatId, result.reason).catch((error: unknown) => {
          logger.warn({ err: safeError(error), channel: this.channel }, "blocked chat not recorded");
        });
        return;
      case "quota":
        await this.quotaReached(entry, result);
        return;
      case "failed":
        await this.failed(entry, result);
        return;
    }
  }

  private async failed(entry: OutboxEntry, result: Extract<SendResult, { status: "failed" }>): Promise<void> {
    const now = this.now();
    const retryAt = now + (result.retryAfterMs ?? backoffDelay(entry.attempts + 1, this.options.retry ?? RETRY));
    if (!result.transient || retryAt > entry.giveUpAt) {
      this.options.metrics.givenUp.inc({ channel: this.channel, kind: entry.kind });
      this.options.logger.error(
        { channel: this.channel, kind: entry.kind, id: entry.id, attempts: entry.attempts + 1, reason: result.reason },
        result.transient ? "message given up: it kept failing until its deadline" : "message given up: the platform refused it",
      );
      this.record({ id: entry.id, state: "failed", error: result.reason, partsSent: result.partsSent });
      return;
    }
    await this.retry(entry, retryAt, result.partsSent, result.reason);
  }

  private async quotaReached(entry: OutboxEntry, result: Extract<SendResult, { status: "quota" }>): Promise<void> {
    const until = this.now() + (result.retryAfterMs ?? this.options.quotaPauseMs ?? 3_600_000);
    if (this.pausedUntil < this.now()) {
      this.options.logger.warn({ channel: this.channel, until: new Date(until).toISOString() }, "message quota used up; background messages paused");
      this.options.onQuota?.(this.channel, until, result.reason);
    }
    this.pausedUntil = until;
    this.options.metrics.quota.inc({ channel: this.channel });
    await this.retry(entry, until, result.partsSent, result.reason);
    await this.options.outbox.postpone(this.channel, until, OUTBOX_KINDS.relay).catch(() => undefined);
  }

  private async retry(entry: OutboxEntry, at: number, partsSent: number, reason: string): Promise<void> {
    try {
      await this.options.outbox.retryLater(entry.id, at, partsSent, reason);
    } catch (error) {
      // The lease runs out and the message is claimed again: sent late, never lost.
      this.options.logger.warn({ err: safeError(error), channel: this.channel }, "outbox retry not recorded");
    }
  }

  private record(result: (typeof this.pending)[number]): void {
    this.pending.push(result);
    if (this.pending.length >= FLUSH_AT) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes the results gathered so far; on failure they are kept and written next time. */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.options.outbox.finish(batch);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.options.logger.warn({ err: safeError(error), channel: this.channel, results: batch.length }, "outbox results not written yet; retrying");
        this.flushTimer ??= setTimeout(() => void this.flush(), 1_000);
      }
    });
    return this.flushing;
  }

  private async pollLoop(): Promise<void> {
    const { outbox, owner, limits, logger } = this.options;
    const leaseMs = this.options.leaseMs ?? 60_000;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const paused = this.pausedUntil > this.now();
        const room = Math.max(0, limits.backgroundInFlight - this.backgroundHeld);
        // Replies are always claimed; background work only while not paused and with room.
        const replies = await outbox.claimDue(this.channel, owner, leaseMs, 100, { maxPriority: OUTBOX_KINDS.reply });
        const background =
          !paused && room > 0 ? await outbox.claimDue(this.channel, owner, leaseMs, room, { minPriority: OUTBOX_KINDS.relay }) : [];
        this.dispatch([...replies, ...background]);
        await this.renewHeld(leaseMs);
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) logger.warn({ err: safeError(error), channel: this.channel }, "outbox not readable; retrying");
      }
      await this.sleep(failures > 0 ? backoffDelay(failures, { baseMs: 1_000, maxMs: 30_000 }) : (this.options.pollMs ?? 1_000));
    }
  }

  /** Keeps the lease on messages still waiting in this instance's queues. */
  private async renewHeld(leaseMs: number): Promise<void> {
    if (this.held.size === 0) return;
    await this.options.outbox.renew([...this.held], this.options.owner, leaseMs);
  }

  private async sleep(ms: number): Promise<void> {
    const timer = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([pause(ms, AbortSignal.any([timer.signal, this.abort.signal])), woken]);
    timer.abort();
    this.wake = undefined;
  }
}
