import type { Kysely } from "kysely";
import type { MigrationContext } from "./context.js";

/** The durable inbox and outbox, chats that cannot be messaged, leases and the audit log. */
export function deliveryMigration({ idColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("inbox")
        .addColumn(...idColumn())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("delivery_key", "text", (c) => c.notNull())
        .addColumn("chat_key", "text")
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("owner", "text")
        .addColumn("lease_until", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addColumn("done_at", "bigint")
        .addColumn("error", "text")
        .addUniqueConstraint("inbox_delivery", ["channel", "delivery_key"])
        .execute();
      await db.schema.createIndex("inbox_due").on("inbox").columns(["state", "lease_until"]).execute();
      await db.schema.createIndex("inbox_done").on("inbox").columns(["done_at"]).execute();

      await db.schema
        .createTable("outbox")
        .addColumn(...idColumn())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("priority", "integer", (c) => c.notNull())
        .addColumn("dedupe_key", "text", (c) => c.unique())
        .addColumn("ref", "text")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("parts_sent", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("owner", "text")
        .addColumn("lease_until", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("give_up_at", "bigint", (c) => c.notNull())
        .addColumn("sent_at", "bigint")
        .addColumn("message_ids", "text")
        .addColumn("error", "text")
        .execute();
      await db.schema
        .createIndex("outbox_due")
        .on("outbox")
        .columns(["channel", "state", "priority", "next_attempt_at"])
        .execute();
      await db.schema.createIndex("outbox_ref").on("outbox").columns(["ref", "state"]).execute();
      await db.schema.createIndex("outbox_chat").on("outbox").columns(["channel", "chat_id", "state"]).execute();

      await db.schema
        .createTable("chats")
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("blocked_at", "bigint")
        .addColumn("blocked_reason", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("chats_pk", ["channel", "chat_id"])
        .execute();

      await db.schema
        .createTable("leases")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("audit_log")
        .addColumn(...idColumn())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_at").on("audit_log").columns(["at"]).execute();
    },
  };
}
