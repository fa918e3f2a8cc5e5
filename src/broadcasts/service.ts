import { formatVietnamDateTime } from "../calendar/vietnam-time.js";
import { topicSchema, type Catalog } from "../catalog/schema.js";
import { messagesFor } from "../core/messages/index.js";
import type { Language, Reply } from "../core/types.js";
import type { Records } from "../records/index.js";
import type { Audience, AudienceFilter } from "../subscriptions/types.js";
import { announcementReply, type AnnouncementContent } from "./announcement.js";
import { campaignRef, type Campaign, type CampaignRepository } from "./campaigns.js";
import { outsideQuiet, type QuietHours } from "./quiet-hours.js";
import type { CampaignOrigin } from "./tables.js";

/** Who acts on a campaign: a staff member in a chat, or the command line. */
export interface Actor {
  channel: string;
  userId: string;
}

/** A target or procedure staff named that does not exist; `message` is for the staff. */
export class TargetError extends Error {
  constructor(
    readonly kind: "village" | "topic" | "procedure",
    readonly keys: string[],
  ) {
    super(`unknown ${kind}: ${keys.join(", ")}`);
    this.name = "TargetError";
  }
}

export interface Progress {
  campaign: Campaign;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  pending: number;
}

export type ConfirmResult = { kind: "scheduled"; campaign: Campaign; startAt: number; count: number; moved: boolean } | { kind: "missing" } | { kind: "not-draft"; campaign: Campaign };
export type CancelResult = { kind: "cancelled"; removed: number } | { kind: "missing" } | { kind: "ended"; campaign: Campaign };

/**
 * What staff can do with campaigns, the same from a chat and from the command line: write a
 * draft, aim it, preview it with its recipient count, send or schedule it, cancel it, follow
 * it. Every change is written to the audit log with who did it.
 */
export class BroadcastService {
  constructor(
    private readonly options: {
      records: Records;
      campaigns: CampaignRepository;
      audience: Audience;
      catalog: Catalog;
      quiet: QuietHours | null;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A new draft to everyone (aim it with `retarget`). */
  async draft(
    actor: Actor,
    content: { text: string; filter?: AudienceFilter; procedure?: string | null },
    origin: CampaignOrigin,
    notify: { channel: string; chatId: string } | null,
    originKey?: string,
  ): Promise<Campaign | undefined> {
    const filter = this.checkedFilter(content.filter ?? { villages: [], topics: [] });
    const procedureId = content.procedure ? this.procedureId(content.procedure) : null;
    const campaign = await this.options.campaigns.create({
      state: "draft",
      text: content.text.trim(),
      procedureId,
      filter,
      origin,
      originKey,
      createdBy: actor,
      startAt: this.now(),
      notify,
    });
    if (campaign) await this.audit(actor, "broadcast.draft", { campaign: campaign.id, origin, filter, procedureId });
    return campaign;
  }

  async get(id: number): Promise<Campaign | undefined> {
    return this.options.campaigns.get(id);
  }

  async retarget(actor: Actor, id: number, changes: { filter?: AudienceFilter; procedure?: string | null }): Promise<boolean> {
    const filter = changes.filter ? this.checkedFilter(changes.filter) : undefined;
    const procedureId = changes.procedure === undefined ? undefined : changes.procedure === null ? null : this.procedureId(changes.procedure);
    const done = await this.options.campaigns.retarget(id, { filter, procedureId });
    if (done) await this.audit(actor, "broadcast.target", { campaign: id, filter, procedureId });
    return done;
  }

  /** Recipients the campaign would reach now: the number the preview shows. */
  async count(campaign: Pick<Campaign, "filter">): Promise<number> {
    return this.options.audience.count(campaign.filter);
  }

  /** The announcement exactly as residents will see it (in `language`). */
  preview(campaign: AnnouncementContent, language: Language): Reply {
    return announcementReply(campaign, language, this.options.catalog.office.name);
  }

  /** Confirms a draft: sent from `at` (default now), moved out of the quiet hours. */
  async send(actor: Actor, id: number, at?: number): Promise<ConfirmResult> {
    const campaign = await this.options.campaigns.get(id);
    if (!campaign) return { kind: "missing" };
    if (campaign.state !== "draft") return { kind: "not-draft", campaign };
    const wanted = Math.max(this.now(), at ?? 0);
    const startAt = outsideQuiet(this.options.quiet, wanted);
    const count = await this.count(campaign);
    if (!(await this.options.campaigns.confirm(id, { startAt, expected: count, notify: campaign.notify }))) {
      const now = await this.options.campaigns.get(id);
      return now ? { kind: "not-draft", campaign: now } : { kind: "missing" };
    }
    await this.audit(actor, "broadcast.send", { campaign: id, startAt, count });
    return { kind: "scheduled", campaign: { ...campaign, state: "scheduled", startAt, expected: count }, startAt, count, moved: startAt !== wanted };
  }

  /** Cancels a draft, scheduled or running campaign; what is not sent yet is dropped at once. */
  async cancel(actor: Actor, id: number): Promise<CancelResult> {
    const campaign = await this.options.campaigns.get(id);
    if (!campaign) return { kind: "missing" };
    if (!(await this.options.campaigns.cancel(id))) return { kind: "ended", campaign };
    // After the state change: a page being stored meanwhile is rolled back (see CampaignRunner).
    const removed = await this.options.records.outbox.cancelRef(campaignRef(id));
    await this.audit(actor, "broadcast.cancel", { campaign: id, removed });
    return { kind: "cancelled", removed };
  }

  async progress(id: number): Promise<Progress | undefined> {
    const campaign = await this.options.campaigns.get(id);
    if (!campaign) return undefined;
    const counts = await this.options.records.outbox.countsByRef(campaignRef(id));
    return { campaign, sent: counts.sent, failed: counts.failed, blocked: counts.blocked, skipped: campaign.skipped + counts.cancelled, pending: counts.pending };
  }

  async recent(limit = 5): Promise<Campaign[]> {
    return this.options.campaigns.list(undefined, limit);
  }

  /** "12 (đang gửi): đã gửi …" in `language`. */
  describe(progress: Progress, language: Language): string {
    const texts = messagesFor(language).broadcast;
    const { campaign } = progress;
    const when = campaign.state === "scheduled" ? ` ${formatVietnamDateTime(campaign.startAt)}` : "";
    return texts.progress({ ...progress, id: campaign.id, state: texts.states[campaign.state] + when, expected: campaign.expected });
  }

  /** Throws TargetError when a village, topic or procedure named does not exist. */
  checkTarget(filter: AudienceFilter, procedure?: string | null): void {
    this.checkedFilter(filter);
    if (procedure) this.procedureId(procedure);
  }

  private checkedFilter(filter: AudienceFilter): AudienceFilter {
    const unknownTopics = filter.topics.filter((topic) => !topicSchema.safeParse(topic).success);
    if (unknownTopics.length > 0) throw new TargetError("topic", unknownTopics);
    // Village ids are the office profile's; without a list there, any id is taken as written.
    const known = this.options.catalog.office.villages?.map((village) => village.id);
    const unknownVillages = known ? filter.villages.filter((village) => !known.includes(village)) : [];
    if (unknownVillages.length > 0) throw new TargetError("village", unknownVillages);
    return { villages: [...new Set(filter.villages)], topics: [...new Set(filter.topics)] };
  }

  /** A procedure named by id or code. */
  private procedureId(key: string): string {
    const wanted = key.trim().toLowerCase();
    const found = this.options.catalog.procedures.find((procedure) => procedure.id.toLowerCase() === wanted || procedure.code.toLowerCase() === wanted);
    if (!found) throw new TargetError("procedure", [key]);
    return found.id;
  }

  private async audit(actor: Actor, action: string, detail: Record<string, unknown>): Promise<void> {
    await this.options.records.audit.record({ channel: actor.channel, userId: actor.userId, action, detail });
  }
}
