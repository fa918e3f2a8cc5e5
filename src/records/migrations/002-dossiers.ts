import type { Kysely } from "kysely";
import type { MigrationContext } from "./context.js";

/** Dossiers (issue #8): the register, status history, followers, satisfaction ratings, imports. */
export function dossiersMigration({ idColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("dossiers")
        .addColumn(...idColumn())
        .addColumn("code", "text", (c) => c.notNull().unique())
        .addColumn("procedure_code", "text")
        .addColumn("procedure_name", "text")
        .addColumn("applicant", "text")
        .addColumn("received_at", "bigint")
        .addColumn("due_at", "bigint")
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("result_at", "bigint")
        .addColumn("returned_at", "bigint")
        .addColumn("note", "text")
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("dossier_history")
        .addColumn(...idColumn())
        .addColumn("dossier_id", "bigint", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("actor", "text")
        .addUniqueConstraint("dossier_history_change", ["dossier_id", "version"])
        .execute();

      await db.schema
        .createTable("dossier_followers")
        .addColumn(...idColumn())
        .addColumn("dossier_id", "bigint", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("language", "text", (c) => c.notNull())
        .addColumn("followed_at", "bigint", (c) => c.notNull())
        .addColumn("ended_at", "bigint")
        .addColumn("last_notice_at", "bigint")
        .addColumn("rating_asked_at", "bigint")
        .addUniqueConstraint("dossier_followers_chat", ["dossier_id", "channel", "chat_id"])
        .execute();
      await db.schema.createIndex("dossier_followers_by_chat").on("dossier_followers").columns(["channel", "chat_id"]).execute();

      await db.schema
        .createTable("dossier_ratings")
        .addColumn(...idColumn())
        .addColumn("dossier_id", "bigint", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("rating", "integer", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("rated_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("dossier_ratings_once", ["dossier_id", "channel", "user_id"])
        .execute();
      await db.schema.createIndex("dossier_ratings_at").on("dossier_ratings").columns(["rated_at"]).execute();

      await db.schema
        .createTable("dossier_imports")
        .addColumn(...idColumn())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("file", "text", (c) => c.notNull())
        .addColumn("actor", "text")
        .addColumn("accepted", "integer", (c) => c.notNull())
        .addColumn("updated", "integer", (c) => c.notNull())
        .addColumn("unchanged", "integer", (c) => c.notNull())
        .addColumn("rejected", "integer", (c) => c.notNull())
        .execute();
    },
  };
}
