import type { Core } from "../core/bot.js";
import type { Outcome } from "../core/types.js";
import type { Logger } from "../logger.js";
import { safeError } from "../logging/safe-error.js";
import type { InboxEntry, InboxItem } from "../records/inbox.js";
import type { Records } from "../records/index.js";
import { type NewOutboxMessage, type OutboxAddress, type OutboxEntry } from "../records/outbox.js";
import { backoffDelay } from "../util/backoff.js";
import { Batcher } from "../util/batcher.js";
import { pause } from "../util/timeout.js";
import { KeyedQueue } from "./keyed-queue.js";
import { outboxMessagesOf } from "./outbound.js";
import type { DeliveryMetrics } from "./metrics.js";
import { OutboxSender, type OutboxSenderOptions, type SenderLimits } from "./outbox-sender.js";
import type { ChannelPort, Intake, Interpretation, MessengerName } from "./types.js";

/**
 * The durable path every update takes, the same for every channel:
 *
 *   receive → inbox (stored, leased to this instance) → acknowledged to the platform
 *           → per-chat queue → core → one transaction: replies and messages for other chats
 *             into the outbox, the inbox row done → outbox sender → platform.
 *
 * So an acknowledged update is never lost: a crash before the transaction leaves the inbox
 * row queued and its lease runs out (or the restarted instance reclaims it at once), and the
 * update is handled again; a crash after it leaves the replies in the outbox. Duplicates are
 * bounded by what was in flight at the crash.
 */

export interface PipelineOptions {
  records: Records;
  core: Pick<Core, "handle">;
  logger: Logger;
  metrics: DeliveryMetrics;
  /** Stable name of this instance (INSTANCE_ID): its rows are reclaimed at once on restart. */
  instanceId: string;
  /** How long an update may be worked on before another instance may take it. Default 30 s. */
  leaseMs?: number;
  /** How often stale work is looked for. Default 2 s. */
  sweepMs?: number;
  /** Messages still failing after this long are given up. Default 24 h. */
  giveUpAfterMs?: number;
  /** Attempts at one update before it is set aside as failed. Default 5. */
  maxAttempts?: number;
  /** Finished inbox rows are kept this long (the window in which a repeat is recognised). Default 48 h. */
  keepDoneMs?: number;
  /** "typing…" is shown when the core takes longer. Default 300 ms. */
  typingDelayMs?: number;
  /** Updates waiting in memory at most; above, new ones wait in the database. Default 10,000. */
  maxQueued?: number;
  limits(channel: MessengerName): SenderLimits;
  /** Outbox tuning (tests): poll interval, retry waits, quota pause. */
  sender?: Pick<OutboxSenderOptions, "pollMs" | "retry" | "quotaPauseMs" | "leaseMs" | "onQuota">;
  now?: () => number;
}

/** A handled update, ready to be committed with its messages. */
interface FinishedTurn {
  entryId: number;
  channel: MessengerName;
  chatId: string;
  messages: NewOutboxMessage[];
}

export class DeliveryPipeline implements Intake {
  private readonly ports = new Map<MessengerName, ChannelPort>();
  private readonly senders = new Map<MessengerName, OutboxSender>();
  private readonly queue: KeyedQueue;
  private readonly abort = new AbortController();
  /** A per-process suffix: a restarted instance reclaims what its previous run held. */
  private readonly owner: string;
  private readonly held = new Set<number>();
  private sweeper: Promise<void> | undefined;
  private stopping = false;
  /** Deliveries arriving together are stored in one statement. */
  private readonly intakeWriter = new Batcher<InboxItem[], InboxEntry[]>((batches) => this.storeDeliveries(batches));
  /** Finished turns are committed together: one transaction for many updates under load. */
  private readonly turnWriter = new Batcher<FinishedTurn, OutboxEntry[]>((turns) => this.commitTurns(turns));

  constructor(private readonly options: PipelineOptions) {
    this.owner = `${options.instanceId}#${process.pid}-${Date.now().toString(36)}`;
    this.queue = new KeyedQueue((error) => options.logger.error({ err: safeError(error) }, "inbox task failed"), Number.POSITIVE_INFINITY);
  }

  register(port: ChannelPort): void {
    this.ports.set(port.name, port);
    const { records, logger, metrics } = this.options;
    this.senders.set(
      port.name,
      new OutboxSender({
        port,
        outbox: records.outbox,
        chats: records.chats,
        metrics,
        logger,
        owner: this.owner,
        limits: this.options.limits(port.name),
        now: this.options.now,
        ...this.options.sender,
      }),
    );
  }

  accepting(): boolean {
    return !this.stopping;
  }

  /** Stops taking updates (the first step of a graceful stop). */
  refuse(): void {
    this.stopping = true;
  }

  /** Makes every sender look at the outbox now (messages stored by a campaign or another process). */
  poke(): void {
    for (const sender of this.senders.values()) sender.poke();
  }

  /** Whom messages stored for this instance's senders are leased to (see `handOver`). */
  get outboxLease(): { owner: string; leaseMs: number } {
    return { owner: this.owner, leaseMs: this.leaseMs };
  }

  /** Messages stored leased to `outboxLease` (a campaign page): sent by this instance only. */
  handOver(entries: readonly OutboxEntry[]): void {
    this.dispatch(entries);
  }

  /** Updates held in memory by this instance. */
  get backlog(): number {
    return this.held.size;
  }

  async ingest(channel: MessengerName, updates: readonly unknown[]): Promise<void> {
    const port = this.ports.get(channel);
    if (!port) throw new Error(`no channel registered as ${channel}`);
    const items = updates.map((update) => ({
      channel,
      deliveryKey: port.deliveryKey(update),
      chatKey: port.chatKey(update),
      payload: update,
    }));
    const stored = await this.intakeWriter.submit(items);
    this.options.metrics.inbox.inc({ channel, result: "stored" }, stored.length);
    if (stored.length < items.length) this.options.metrics.inbox.inc({ channel, result: "duplicate" }, items.length - stored.length);
    // Above the in-memory bound the rows stay queued and leased; the sweeper takes them later.
    // Scheduled on the next turn of the event loop, so the platform gets its answer first.
    setImmediate(() => {
      for (const entry of stored) this.schedule(entry);
    });
  }

  /**
   * Starts sending and sweeping. Work this instance's previous run left (a crash, a deadline
   * at stop) is taken at once; work of other instances when their leases run out.
   */
  start(): void {
    for (const sender of this.senders.values()) sender.start();
    this.sweeper ??= this.sweepLoop();
  }

  /**
   * Graceful stop: no new updates (webhooks answer 503, pollers stop), what is queued is
   * handled and its replies sent until `deadline`; whatever is left stays in the database,
   * released so the next start takes it at once.
   */
  async stop(deadline: number): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.sweeper;
    const left = () => Math.max(0, deadline - Date.now());
    await Promise.race([this.queue.idle(), pause(left())]);
    await Promise.all([...this.senders.values()].map((sender) => sender.stop(deadline)));
    try {
      await this.options.records.inbox.release(this.owner);
    } catch (error) {
      this.options.logger.warn({ err: safeError(error) }, "inbox leases not released; they expire by themselves");
    }
  }

  /** Stores and sends messages made outside a conversation (a scheduled job, a status change). */
  async enqueue(messages: readonly NewOutboxMessage[]): Promise<void> {
    const here = messages.filter((message) => this.senders.has(message.channel as MessengerName));
    const elsewhere = messages.filter((message) => !this.senders.has(message.channel as MessengerName));
    const stored = await this.options.records.outbox.enqueue(here, { owner: this.owner, leaseMs: this.leaseMs });
    await this.options.records.outbox.enqueue(elsewhere);
    this.dispatch(stored);
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  private schedule(entry: InboxEntry): void {
    if (this.held.has(entry.id) || this.held.size >= (this.options.maxQueued ?? 10_000)) return;
    this.held.add(entry.id);
    const key = entry.chatKey === null ? undefined : `${entry.channel}:${entry.chatKey}`;
    this.queue.push(key, async () => {
      try {
        await this.process(entry);
      } finally {
        this.held.delete(entry.id);
      }
    });
  }

  private async process(entry: InboxEntry): Promise<void> {
    const { records, logger, metrics } = this.options;
    const port = this.ports.get(entry.channel as MessengerName);
    if (!port) return; // a channel not configured in this run; its rows wait for one that is
    try {
      if (!(await this.stillOurs(entry))) return;
      const update = port.parseStored(entry.payload);
      if (update === null) {
        await records.inbox.fail(entry.id, "stored update no longer readable");
        return;
      }
      const interpretation = await port.interpret(update);
      const stored = await this.settle(entry, interpretation);
      metrics.inbox.inc({ channel: entry.channel, result: "handled" });
      this.dispatch(stored);
    } catch (error) {
      await this.attemptFailed(entry, error);
    }
  }

  /** Renews a lease that is running low (the update waited behind others of its chat). */
  private async stillOurs(entry: InboxEntry): Promise<boolean> {
    const now = (this.options.now ?? Date.now)();
    if (entry.leaseUntil - now > this.leaseMs / 2) return true;
    const renewed = await this.options.records.inbox.renew(entry.id, this.owner, this.leaseMs);
    if (renewed) entry.leaseUntil = now + this.leaseMs;
    return renewed;
  }

  /** Runs the core if the update needs an answer, then stores the outcome atomically. */
  private async settle(entry: InboxEntry, interpretation: Interpretation): Promise<OutboxEntry[]> {
    const { records } = this.options;
    const channel = entry.channel as MessengerName;
    if (interpretation.type === "blocked") {
      await records.chats.markBlocked(channel, interpretation.chatId, interpretation.reason);
    }
    if (interpretation.type !== "message") {
      if (interpretation.type === "unblocked") await records.chats.clearBlocked(channel, interpretation.chatId);
      await records.inbox.complete(entry.id);
      return [];
    }
    const { incoming, address } = interpretation;
    const outcome = await this.converse(channel, incoming.chatId, () => this.options.core.handle(incoming));
    const messages = this.messagesOf(channel, incoming.chatId, address, outcome);
    return this.turnWriter.submit({ entryId: entry.id, channel, chatId: incoming.chatId, messages });
  }

  private async storeDeliveries(batches: InboxItem[][]): Promise<InboxEntry[][]> {
    const stored = await this.options.records.inbox.add(batches.flat(), this.owner, this.leaseMs);
    const byKey = new Map(stored.map((entry) => [`${entry.channel}\u0000${entry.deliveryKey}`, entry]));
    // A key repeated within the batch is stored once and handed to its first caller only.
    return batches.map((items) =>
      items.flatMap((item) => {
        const key = `${item.channel}\u0000${item.deliveryKey}`;
        const entry = byKey.get(key);
        byKey.delete(key);
        return entry ? [entry] : [];
      }),
    );
  }

  /**
   * One transaction for a batch of finished turns: each turn's replies and messages for other
   * chats into the outbox, the chat unblocked (writing to the bot means it can be messaged
   * again), the inbox row done. Messages for a channel this instance does not run are stored
   * unleased, for one that does.
   */
  private commitTurns(turns: FinishedTurn[]): Promise<OutboxEntry[][]> {
    const { records } = this.options;
    return records.database.db.transaction().execute(async (trx) => {
      const results: OutboxEntry[][] = [];
      for (const turn of turns) {
        const here = turn.messages.filter((message) => this.senders.has(message.channel as MessengerName));
        const elsewhere = turn.messages.filter((message) => !this.senders.has(message.channel as MessengerName));
        results.push(await records.outbox.enqueue(here, { owner: this.owner, leaseMs: this.leaseMs }, trx));
        await records.outbox.enqueue(elsewhere, undefined, trx);
        await records.chats.clearBlocked(turn.channel, turn.chatId, trx);
        await records.inbox.complete(turn.entryId, trx);
      }
      return results;
    });
  }

  private async converse(channel: MessengerName, chatId: string, handle: () => Promise<Outcome>): Promise<Outcome> {
    const port = this.ports.get(channel);
    if (!port?.typing) return handle();
    const timer = setTimeout(() => void port.typing?.(chatId).catch(() => undefined), this.options.typingDelayMs ?? 300);
    try {
      return await handle();
    } finally {
      clearTimeout(timer);
    }
  }

  private messagesOf(channel: MessengerName, chatId: string, address: OutboxAddress, outcome: Outcome): NewOutboxMessage[] {
    const giveUpAfterMs = this.options.giveUpAfterMs ?? 24 * 3_600_000;
    const reply: NewOutboxMessage[] =
      outcome.replies.length === 0
        ? []
        : [{ channel, chatId, address, body: { replies: outcome.replies, language: outcome.language }, kind: "reply", giveUpAfterMs }];
    return [...reply, ...outboxMessagesOf(outcome.outbound, giveUpAfterMs)];
  }

  /** Hands stored messages to their channel's sender. */
  private dispatch(entries: readonly OutboxEntry[]): void {
    for (const [channel, sender] of this.senders) {
      const own = entries.filter((entry) => entry.channel === channel);
      if (own.length > 0) sender.dispatch(own);
    }
  }

  /**
   * An attempt failed (a storage outage, a bug). The row keeps its lease until it runs out,
   * then is tried again; after `maxAttempts` it is set aside as failed, loudly.
   */
  private async attemptFailed(entry: InboxEntry, error: unknown): Promise<void> {
    const { logger, metrics, records } = this.options;
    metrics.inbox.inc({ channel: entry.channel, result: "failed" });
    if (entry.attempts >= (this.options.maxAttempts ?? 5)) {
      logger.error({ err: safeError(error), channel: entry.channel, attempts: entry.attempts }, "update set aside after repeated failures");
      await records.inbox.fail(entry.id, safeError(error).message).catch(() => undefined);
      return;
    }
    logger.warn({ err: safeError(error), channel: entry.channel, attempts: entry.attempts }, "update not handled yet; it will be tried again");
  }

  private async sweepLoop(): Promise<void> {
    const { records, logger } = this.options;
    let failures = 0;
    let previousRuns = true;
    let lastPrune = 0;
    while (!this.abort.signal.aborted) {
      try {
        if (previousRuns) await this.releasePreviousRuns();
        previousRuns = false;
        await this.sweep();
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await records.inbox.prune(this.options.keepDoneMs ?? 48 * 3_600_000);
          await records.outbox.prune(30 * 24 * 3_600_000);
        }
        if (failures > 0) logger.info("records store reachable again; delivery resumed");
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) logger.error({ err: safeError(error) }, "records store unreachable; delivery waits for it");
      }
      const wait = failures > 0 ? backoffDelay(failures, { baseMs: 1_000, maxMs: 15_000 }) : (this.options.sweepMs ?? 2_000);
      await pause(wait, this.abort.signal);
    }
  }

  /** Takes over updates whose lease ran out, and this instance's own from its previous run. */
  /**
   * Work that an earlier run of this instance held when it died is released at once, so a
   * restart answers it without waiting for the leases to run out.
   */
  private async releasePreviousRuns(): Promise<void> {
    const prefix = `${this.options.instanceId}#`;
    const { inbox, outbox } = this.options.records;
    const released = (await inbox.releasePreviousRuns(prefix, this.owner)) + (await outbox.releasePreviousRuns(prefix, this.owner));
    if (released > 0) this.options.logger.info({ released }, "work left by the previous run taken up again");
    for (const sender of this.senders.values()) sender.poke();
  }

  private async sweep(): Promise<void> {
    const room = (this.options.maxQueued ?? 10_000) - this.held.size;
    if (room <= 0 || this.ports.size === 0) return;
    const entries = await this.options.records.inbox.claimStale(this.owner, this.leaseMs, Math.min(room, 500));
    for (const entry of entries) this.schedule(entry);
  }
}
