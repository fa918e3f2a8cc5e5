import type { Kysely } from "kysely";
import type { MigrationContext } from "./context.js";

/**
 * Staff broadcasts (issue #9): campaigns with their target, schedule and progress (the cursor
 * into the audience, so a restart resumes where paging stopped), and the fingerprint of each
 * procedure last seen at start-up, from which announcement drafts are proposed to staff.
 * Per-recipient state is the outbox's: one row per recipient, keyed by campaign and chat.
 */
export function campaignsMigration({ idColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("campaigns")
        .addColumn(...idColumn())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("procedure_id", "text")
        .addColumn("villages", "text", (c) => c.notNull())
        .addColumn("topics", "text", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("origin_key", "text", (c) => c.unique())
        .addColumn("created_channel", "text", (c) => c.notNull())
        .addColumn("created_user", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("start_at", "bigint", (c) => c.notNull())
        .addColumn("expected", "integer")
        .addColumn("cursor", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("paged_all", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("enqueued", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("skipped", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("started_at", "bigint")
        .addColumn("finished_at", "bigint")
        .addColumn("paused_until", "bigint")
        .addColumn("pause_reason", "text")
        .addColumn("notify_channel", "text")
        .addColumn("notify_chat_id", "text")
        .addColumn("reported_at", "bigint")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("campaigns_state").on("campaigns").columns(["state", "start_at"]).execute();

      await db.schema
        .createTable("catalog_fingerprints")
        .addColumn("procedure_id", "text", (c) => c.primaryKey())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("seen_at", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
