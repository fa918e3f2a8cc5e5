import type { Kysely } from "kysely";
import type { MigrationContext } from "./context.js";

/**
 * Residents' subscriptions to the commune's announcements (issue #9). One row per chat, kept
 * when the chat unsubscribes or blocks the bot (unsubscribed_at and the reason are set), so the
 * report counts who left and why. The chosen villages and topics are rows of their own: a
 * campaign's audience is then one SQL query on both dialects, with no JSON functions.
 */
export function subscriptionsMigration({ idColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("subscribers")
        .addColumn(...idColumn())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("language", "text", (c) => c.notNull())
        .addColumn("subscribed_at", "bigint", (c) => c.notNull())
        .addColumn("unsubscribed_at", "bigint")
        .addColumn("unsubscribed_reason", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("subscribers_chat", ["channel", "chat_id"])
        .execute();
      await db.schema.createIndex("subscribers_active").on("subscribers").columns(["unsubscribed_at", "id"]).execute();

      for (const [table, column] of [
        ["subscriber_villages", "village"],
        ["subscriber_topics", "topic"],
      ] as const) {
        await db.schema
          .createTable(table)
          .addColumn("subscriber_id", "bigint", (c) => c.notNull().references("subscribers.id").onDelete("cascade"))
          .addColumn(column, "text", (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ["subscriber_id", column])
          .execute();
        await db.schema.createIndex(`${table}_key`).on(table).columns([column, "subscriber_id"]).execute();
      }
    },
  };
}
