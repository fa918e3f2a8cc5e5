import type { Generated, Kysely } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { Tables } from "../records/tables.js";

/**
 * The campaign tables (migration 005-campaigns). Times are epoch ms; village and topic lists
 * are JSON arrays of keys (an empty list means "all", see src/subscriptions/types.ts).
 */
export interface CampaignTable {
  id: Generated<number>;
  state: CampaignState;
  /** The announcement as staff wrote it. */
  text: string;
  /** A procedure the announcement links to (a "see the procedure" button). */
  procedure_id: string | null;
  villages: string;
  topics: string;
  /** Who made it: a staff chat, the command line, or the catalog-change detector (a draft). */
  origin: CampaignOrigin;
  /** Makes a draft idempotent: one per catalog change, however often the bot starts. */
  origin_key: string | null;
  created_channel: string;
  created_user: string;
  created_at: number;
  /** Not before this instant (a schedule); quiet hours may push the real start later. */
  start_at: number;
  /** Recipients counted when staff confirmed (the preview's number). */
  expected: number | null;
  /** Audience paged up to this subscriber id: a restart resumes after it. */
  cursor: number;
  paged_all: number;
  /** Messages stored in the outbox for this campaign. */
  enqueued: number;
  /** Recipients not messaged: their chat is known to be blocked, or their channel is not running. */
  skipped: number;
  started_at: number | null;
  finished_at: number | null;
  paused_until: number | null;
  pause_reason: string | null;
  /** Where progress and the final report go. */
  notify_channel: string | null;
  notify_chat_id: string | null;
  reported_at: number | null;
  updated_at: number;
}

export type CampaignState = "draft" | "scheduled" | "running" | "done" | "cancelled";
export type CampaignOrigin = "chat" | "cli" | "catalog";

export interface CatalogFingerprintTable {
  procedure_id: string;
  fingerprint: string;
  seen_at: number;
}

// A type alias (not an interface) so it satisfies withTables' record constraint.
export type BroadcastTables = {
  campaigns: CampaignTable;
  catalog_fingerprints: CatalogFingerprintTable;
};

export type BroadcastDb = Kysely<Tables & BroadcastTables>;

export function broadcastDb(records: RecordsDatabase): BroadcastDb {
  return records.db.withTables<BroadcastTables>();
}
