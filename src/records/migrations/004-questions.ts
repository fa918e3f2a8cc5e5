import type { Kysely } from "kysely";
import type { MigrationContext } from "./context.js";

/**
 * Questions to staff (issue #10): the questions, their threads, every message relayed for them
 * with its delivery state, which platform message in the staff chat stands for which question
 * (so a staff reply finds its question), and the anonymous usage log behind the reports.
 */
export function questionsMigration({ idColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("questions")
        .addColumn(...idColumn())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("display_name", "text")
        .addColumn("language", "text", (c) => c.notNull())
        .addColumn("procedure_id", "text")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.unique())
        .addColumn("source_event", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("relay_due_at", "bigint", (c) => c.notNull())
        .addColumn("last_resident_at", "bigint", (c) => c.notNull())
        .addColumn("last_staff_at", "bigint")
        .addColumn("claimed_channel", "text")
        .addColumn("claimed_user", "text")
        .addColumn("claimed_name", "text")
        .addColumn("claimed_at", "bigint")
        .addColumn("reminded_at", "bigint")
        .addColumn("closed_at", "bigint")
        .addColumn("closed_by", "text")
        .execute();
      await db.schema.createIndex("questions_chat").on("questions").columns(["channel", "chat_id", "state"]).execute();
      await db.schema.createIndex("questions_state").on("questions").columns(["state", "created_at"]).execute();

      await db.schema
        .createTable("question_messages")
        .addColumn(...idColumn())
        .addColumn("question_id", "bigint", (c) => c.notNull().references("questions.id").onDelete("cascade"))
        .addColumn("author", "text", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("display_name", "text")
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.unique())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("question_messages_question").on("question_messages").columns(["question_id", "id"]).execute();

      await db.schema
        .createTable("question_deliveries")
        .addColumn(...idColumn())
        .addColumn("question_id", "bigint", (c) => c.notNull().references("questions.id").onDelete("cascade"))
        .addColumn("message_id", "bigint")
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("due_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("settled_at", "bigint")
        .addColumn("platform_ids", "text")
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("question_deliveries_state").on("question_deliveries").columns(["state", "due_at"]).execute();
      await db.schema.createIndex("question_deliveries_question").on("question_deliveries").columns(["question_id"]).execute();

      await db.schema
        .createTable("question_relays")
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("platform_message_id", "text", (c) => c.notNull())
        .addColumn("question_id", "bigint", (c) => c.notNull().references("questions.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("question_relays_pk", ["channel", "chat_id", "platform_message_id"])
        .execute();

      await db.schema
        .createTable("usage_log")
        .addColumn(...idColumn())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("text", "text")
        .addColumn("procedure_id", "text")
        .addColumn("question_id", "bigint")
        .addColumn("origin", "text", (c) => c.unique())
        .execute();
      await db.schema.createIndex("usage_log_kind_at").on("usage_log").columns(["kind", "at"]).execute();
    },
  };
}
