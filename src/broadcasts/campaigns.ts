import { z } from "zod";
import type { RecordsDatabase } from "../records/database.js";
import type { AudienceFilter } from "../subscriptions/types.js";
import { broadcastDb, type BroadcastDb, type CampaignOrigin, type CampaignState, type CampaignTable } from "./tables.js";

/** One campaign: what to say, to whom, when, and how far sending has got. */
export interface Campaign {
  id: number;
  state: CampaignState;
  text: string;
  procedureId: string | null;
  filter: AudienceFilter;
  origin: CampaignOrigin;
  createdBy: { channel: string; userId: string };
  createdAt: number;
  startAt: number;
  expected: number | null;
  cursor: number;
  pagedAll: boolean;
  enqueued: number;
  skipped: number;
  startedAt: number | null;
  finishedAt: number | null;
  pausedUntil: number | null;
  pauseReason: string | null;
  notify: { channel: string; chatId: string } | null;
  reportedAt: number | null;
}

export interface NewCampaign {
  state: Extract<CampaignState, "draft" | "scheduled">;
  text: string;
  procedureId?: string | null;
  filter: AudienceFilter;
  origin: CampaignOrigin;
  originKey?: string;
  createdBy: { channel: string; userId: string };
  startAt: number;
  expected?: number | null;
  notify?: { channel: string; chatId: string } | null;
}

/** The outbox ref of a campaign's messages: results are counted by it. */
export function campaignRef(id: number): string {
  return `campaign:${id}`;
}

const keys = z.array(z.string());

/**
 * Campaigns in the records store. Every change of state is one conditional update (the state it
 * expects is in the WHERE clause), so two instances, or a CLI and a staff chat, never both win.
 */
export class CampaignRepository {
  private readonly db: BroadcastDb;

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = broadcastDb(records);
  }

  /** Stores a campaign; with an `originKey` already stored, nothing is stored and undefined returned. */
  async create(campaign: NewCampaign): Promise<Campaign | undefined> {
    const now = this.now();
    const row = await this.db
      .insertInto("campaigns")
      .values({
        state: campaign.state,
        text: campaign.text,
        procedure_id: campaign.procedureId ?? null,
        villages: JSON.stringify(campaign.filter.villages),
        topics: JSON.stringify(campaign.filter.topics),
        origin: campaign.origin,
        origin_key: campaign.originKey ?? null,
        created_channel: campaign.createdBy.channel,
        created_user: campaign.createdBy.userId,
        created_at: now,
        start_at: campaign.startAt,
        expected: campaign.expected ?? null,
        notify_channel: campaign.notify?.channel ?? null,
        notify_chat_id: campaign.notify?.chatId ?? null,
        cursor: 0,
        paged_all: 0,
        enqueued: 0,
        skipped: 0,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column("origin_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toCampaign(row) : undefined;
  }

  /** The campaign stored with this origin key (a catalog draft, a CLI run), if any. */
  async byOriginKey(key: string): Promise<Campaign | undefined> {
    const row = await this.db.selectFrom("campaigns").selectAll().where("origin_key", "=", key).executeTakeFirst();
    return row ? toCampaign(row) : undefined;
  }

  async get(id: number): Promise<Campaign | undefined> {
    const row = await this.db.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toCampaign(row) : undefined;
  }

  /** Newest first, optionally only some states. */
  async list(states?: readonly CampaignState[], limit = 10): Promise<Campaign[]> {
    let query = this.db.selectFrom("campaigns").selectAll().orderBy("id", "desc").limit(limit);
    if (states) query = query.where("state", "in", [...states]);
    return (await query.execute()).map(toCampaign);
  }

  /** Campaigns to work on: running ones first, then scheduled ones that are due, oldest first. */
  async active(now = this.now()): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom("campaigns")
      .selectAll()
      .where((eb) => eb.or([eb("state", "=", "running"), eb.and([eb("state", "=", "scheduled"), eb("start_at", "<=", now)])]))
      .orderBy("start_at")
      .orderBy("id")
      .limit(20)
      .execute();
    return rows.map(toCampaign);
  }

  /** Cancelled or done campaigns whose final report has not been sent yet. */
  async unreported(): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom("campaigns")
      .selectAll()
      .where("state", "in", ["done", "cancelled"])
      .where("reported_at", "is", null)
      .where("started_at", "is not", null)
      .orderBy("id")
      .limit(20)
      .execute();
    return rows.map(toCampaign);
  }

  /** A draft confirmed by staff: scheduled from `startAt`, with the count the preview showed. */
  async confirm(id: number, options: { startAt: number; expected: number; notify: { channel: string; chatId: string } | null }): Promise<boolean> {
    return this.transition(id, ["draft"], {
      state: "scheduled",
      start_at: options.startAt,
      expected: options.expected,
      ...(options.notify ? { notify_channel: options.notify.channel, notify_chat_id: options.notify.chatId } : {}),
    });
  }

  /** A draft's target or linked procedure changed by staff. */
  async retarget(id: number, changes: { filter?: AudienceFilter; procedureId?: string | null }): Promise<boolean> {
    return this.transition(id, ["draft"], {
      ...(changes.filter ? { villages: JSON.stringify(changes.filter.villages), topics: JSON.stringify(changes.filter.topics) } : {}),
      ...(changes.procedureId !== undefined ? { procedure_id: changes.procedureId } : {}),
    });
  }

  async start(id: number): Promise<boolean> {
    return this.transition(id, ["scheduled"], { state: "running", started_at: this.now() });
  }

  /** Records a page stored in the outbox: the cursor moves past it. */
  async advance(id: number, page: { cursor: number; pagedAll: boolean; enqueued: number; skipped: number }, db: BroadcastDb = this.db): Promise<boolean> {
    const result = await db
      .updateTable("campaigns")
      .set((eb) => ({
        cursor: page.cursor,
        paged_all: page.pagedAll ? 1 : 0,
        enqueued: eb("enqueued", "+", page.enqueued),
        skipped: eb("skipped", "+", page.skipped),
        updated_at: this.now(),
      }))
      .where("id", "=", id)
      .where("state", "=", "running")
      .where("cursor", "<=", page.cursor)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async pause(id: number, until: number, reason: string): Promise<boolean> {
    return this.transition(id, ["running"], { paused_until: until, pause_reason: reason });
  }

  async finish(id: number): Promise<boolean> {
    return this.transition(id, ["running"], { state: "done", finished_at: this.now() });
  }

  /** Cancels a draft, scheduled or running campaign; false when it had already ended. */
  async cancel(id: number): Promise<boolean> {
    return this.transition(id, ["draft", "scheduled", "running"], { state: "cancelled", finished_at: this.now() });
  }

  /** Claims the right to send the final report: true for exactly one caller. */
  async markReported(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable("campaigns")
      .set({ reported_at: this.now(), updated_at: this.now() })
      .where("id", "=", id)
      .where("reported_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async transition(id: number, from: readonly CampaignState[], changes: Partial<Omit<CampaignTable, "id">>): Promise<boolean> {
    const result = await this.db
      .updateTable("campaigns")
      .set({ ...changes, updated_at: this.now() })
      .where("id", "=", id)
      .where("state", "in", [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

type Row = Omit<CampaignTable, "id"> & { id: number };

function toCampaign(row: Row): Campaign {
  return {
    id: Number(row.id),
    state: row.state,
    text: row.text,
    procedureId: row.procedure_id,
    filter: { villages: parseKeys(row.villages), topics: parseKeys(row.topics) },
    origin: row.origin,
    createdBy: { channel: row.created_channel, userId: row.created_user },
    createdAt: row.created_at,
    startAt: row.start_at,
    expected: row.expected,
    cursor: Number(row.cursor),
    pagedAll: Boolean(row.paged_all),
    enqueued: row.enqueued,
    skipped: row.skipped,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    pausedUntil: row.paused_until,
    pauseReason: row.pause_reason,
    notify: row.notify_channel && row.notify_chat_id ? { channel: row.notify_channel, chatId: row.notify_chat_id } : null,
    reportedAt: row.reported_at,
  };
}

function parseKeys(text: string): string[] {
  try {
    const parsed = keys.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
