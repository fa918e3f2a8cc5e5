import { formatVietnamDateTime } from "../calendar/vietnam-time.js";
import type { CoreLogger } from "../core/bot.js";
import { messagesFor } from "../core/messages/index.js";
import type { Language } from "../core/types.js";
import { safeError } from "../logging/safe-error.js";
import type { Records } from "../records/index.js";
import type { NewOutboxMessage, OutboxBody, OutboxEntry } from "../records/outbox.js";
import type { Audience, Subscriber } from "../subscriptions/types.js";
import { pause } from "../util/timeout.js";
import { campaignRef, type Campaign, type CampaignRepository } from "./campaigns.js";
import { isQuiet, type QuietHours } from "./quiet-hours.js";
import type { BroadcastTables } from "./tables.js";

/**
 * Sends campaigns through the outbox, on one instance at a time (the "broadcasts" lease).
 * Each round it pages the audience of the running campaign into the outbox as "broadcast"
 * messages, keyed "campaign:<id>:<channel>:<chatId>" so a page stored twice is stored once,
 * and moves the campaign's cursor in the same transaction. Only a bounded backlog is kept
 * ahead of the outbox sender: memory stays flat however large the audience, and a cancel
 * takes effect by cancelling that backlog. When nothing of a campaign is pending any more it
 * is done, and the staff get the final report.
 */

export interface CampaignRunnerOptions {
  records: Records;
  campaigns: CampaignRepository;
  audience: Audience;
  /** Announcement as a resident sees it, in their language. */
  render: (campaign: Campaign, language: Language) => OutboxBody;
  quiet: QuietHours | null;
  /** Messages of a campaign waiting in the outbox at most (default: what `attach` says). */
  backlog?: number;
  /** Subscribers read per page (default 500). */
  pageSize?: number;
  /** Where reports go when the campaign names no chat (the staff chat). */
  staffChat?: { channel: string; chatId: string };
  staffLanguage: Language;
  giveUpAfterMs: number;
  logger?: CoreLogger & { info?(object: object, message?: string): void };
  intervalMs?: number;
  now?: () => number;
}

const LEASE = "broadcasts";

/** This instance's outbox senders, as the runner uses them (DeliveryPipeline). */
export interface CampaignSenders {
  lease: { owner: string; leaseMs: number };
  handOver(entries: readonly OutboxEntry[]): void;
  poke(): void;
  /** Messages to keep handed over ahead of sending: a couple of seconds at the channels' rate. */
  backlog: number;
}

/** The campaign was cancelled (or changed hands) while a page was being stored: the page is rolled back. */
class CampaignMoved extends Error {}

export class CampaignRunner {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private owner = "";
  /** Channels sending here; subscribers of others are counted as skipped. */
  private channels: ReadonlySet<string> = new Set();
  private senders: CampaignSenders | undefined;

  constructor(private readonly options: CampaignRunnerOptions) {}

  /**
   * The channels running in this process and their senders. Pages are stored leased to this
   * instance's sender and handed to it, so only the instance holding the campaign sends it
   * and the channel's rate limit holds however many instances run.
   */
  attach(channels: readonly string[], senders: CampaignSenders): void {
    this.channels = new Set(channels);
    this.senders = senders;
  }

  private wake(): void {
    this.senders?.poke();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get intervalMs(): number {
    return this.options.intervalMs ?? 1_000;
  }

  /** Starts the rounds; `owner` names this instance in the lease. */
  start(owner: string): void {
    this.owner = owner;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    if (this.owner) await this.options.records.leases.release(LEASE, this.owner).catch(() => undefined);
  }

  /**
   * One round, if this instance holds the lease: starts a due campaign, pages the running one,
   * finishes it when nothing is pending, reports finished ones. Tests call it directly.
   */
  async tick(owner = this.owner): Promise<void> {
    const ttl = Math.max(10_000, this.intervalMs * 5);
    if (!(await this.options.records.leases.acquire(LEASE, owner, ttl))) return;
    const now = this.now();
    const active = await this.options.campaigns.active(now);
    // One campaign at a time: a chat never gets two announcements in the same second.
    const current = active.find((campaign) => campaign.state === "running") ?? active[0];
    if (current) await this.work(current, now);
    for (const campaign of await this.options.campaigns.unreported()) await this.report(campaign);
  }

  /**
   * The platform's quota ran out on `channel` (Zalo): the running campaign stops storing
   * messages until `until` and the staff are told once, instead of retries being burnt.
   */
  async quotaReached(channel: string, until: number, reason: string): Promise<void> {
    const running = (await this.options.campaigns.list(["running"], 5)).filter((campaign) => (campaign.pausedUntil ?? 0) < until);
    for (const campaign of running) {
      if (!(await this.options.campaigns.pause(campaign.id, until, `${channel}: ${reason}`))) continue;
      this.options.logger?.info?.({ campaign: campaign.id, channel, until: new Date(until).toISOString() }, "campaign paused: quota used up");
      const text = messagesFor(this.options.staffLanguage).broadcast.paused(campaign.id, channel, formatVietnamDateTime(until));
      await this.notifyStaff(campaign, [text], `campaign:${campaign.id}:pause:${until}`);
    }
  }

  private async work(campaign: Campaign, now: number): Promise<void> {
    const { campaigns, records, quiet } = this.options;
    if (campaign.state === "scheduled") {
      if (isQuiet(quiet, now) || !(await campaigns.start(campaign.id))) return;
      this.options.logger?.info?.({ campaign: campaign.id }, "campaign started");
    }
    if ((campaign.pausedUntil ?? 0) > now) return;
    const ref = campaignRef(campaign.id);
    const pending = await records.outbox.pendingOf(ref);
    if (campaign.pagedAll) {
      if (pending === 0 && (await campaigns.finish(campaign.id))) this.options.logger?.info?.({ campaign: campaign.id }, "campaign done");
      return;
    }
    // Quiet hours stop new messages; the few already queued still go.
    if (isQuiet(quiet, now)) return;
    let room = (this.options.backlog ?? this.senders?.backlog ?? 100) - pending;
    let cursor = campaign.cursor;
    while (room > 0 && !this.abort.signal.aborted) {
      const page = await this.options.audience.page(campaign.filter, cursor, Math.min(room, this.options.pageSize ?? 500));
      const last = page.subscribers.at(-1);
      const next = page.nextAfterId === null ? (last?.id ?? cursor) : page.nextAfterId;
      const { messages, skipped } = await this.messagesOf(campaign, page.subscribers);
      const pagedAll = page.nextAfterId === null;
      let stored: OutboxEntry[] = [];
      try {
        await records.database.db.transaction().execute(async (trx) => {
          stored = await records.outbox.enqueue(messages, this.senders?.lease, trx);
          const moved = await campaigns.advance(
            campaign.id,
            { cursor: next, pagedAll, enqueued: messages.length, skipped },
            trx.withTables<BroadcastTables>(),
          );
          if (!moved) throw new CampaignMoved();
        });
      } catch (error) {
        if (error instanceof CampaignMoved) return;
        throw error;
      }
      // After the commit: a rolled-back page must not be sent.
      if (this.senders) this.senders.handOver(stored);
      room -= page.subscribers.length;
      cursor = next;
      if (pagedAll) break;
    }
  }

  /** The page's messages; chats known to be blocked, and channels not running here, are skipped. */
  private async messagesOf(campaign: Campaign, subscribers: readonly Subscriber[]): Promise<{ messages: NewOutboxMessage[]; skipped: number }> {
    const reachable = subscribers.filter((subscriber) => this.channels.has(subscriber.channel));
    const blocked = await this.blockedAmong(reachable);
    const messages = reachable
      .filter((subscriber) => !blocked.has(`${subscriber.channel}:${subscriber.chatId}`))
      .map(
        (subscriber): NewOutboxMessage => ({
          channel: subscriber.channel,
          chatId: subscriber.chatId,
          body: this.options.render(campaign, subscriber.language),
          kind: "broadcast",
          dedupeKey: `${campaignRef(campaign.id)}:${subscriber.channel}:${subscriber.chatId}`,
          ref: campaignRef(campaign.id),
          giveUpAfterMs: this.options.giveUpAfterMs,
        }),
      );
    return { messages, skipped: subscribers.length - messages.length };
  }

  private async blockedAmong(subscribers: readonly Subscriber[]): Promise<Set<string>> {
    const blocked = new Set<string>();
    for (const channel of new Set(subscribers.map((subscriber) => subscriber.channel))) {
      const ids = subscribers.filter((subscriber) => subscriber.channel === channel).map((subscriber) => subscriber.chatId);
      for (const chatId of await this.options.records.chats.blockedAmong(channel, ids)) blocked.add(`${channel}:${chatId}`);
    }
    return blocked;
  }

  /** The final report, once (the claim on `reported_at` decides who sends it). */
  private async report(campaign: Campaign): Promise<void> {
    const counts = await this.options.records.outbox.countsByRef(campaignRef(campaign.id));
    if (counts.pending > 0) return; // a cancelled campaign's last messages still in flight
    if (!(await this.options.campaigns.markReported(campaign.id))) return;
    const lines = messagesFor(this.options.staffLanguage).broadcast.report({
      id: campaign.id,
      cancelled: campaign.state === "cancelled",
      sent: counts.sent,
      failed: counts.failed,
      blocked: counts.blocked,
      skipped: campaign.skipped + counts.cancelled,
    });
    await this.notifyStaff(campaign, lines, `campaign:${campaign.id}:report`);
  }

  private async notifyStaff(campaign: Campaign, lines: string[], dedupeKey: string): Promise<void> {
    const to = campaign.notify ?? this.options.staffChat;
    if (!to) {
      this.options.logger?.info?.({ campaign: campaign.id, lines }, "campaign news with no staff chat to tell");
      return;
    }
    await this.options.records.outbox.enqueue([
      {
        channel: to.channel,
        chatId: to.chatId,
        body: { replies: [{ blocks: [{ lines }] }], language: this.options.staffLanguage },
        kind: "notice",
        dedupeKey,
        ref: `${campaignRef(campaign.id)}:staff`,
        giveUpAfterMs: this.options.giveUpAfterMs,
      },
    ]);
    this.wake();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        await this.tick();
        if (failures > 0) this.options.logger?.info?.({}, "broadcasts: sending resumed");
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) this.options.logger?.error({ err: safeError(error) }, "broadcasts: a round failed; retrying");
      }
      await pause(this.intervalMs, this.abort.signal);
    }
  }
}
