import type { Migration } from "kysely";
import { deliveryMigration } from "./001-delivery.js";
import { dossiersMigration } from "./002-dossiers.js";
import { subscriptionsMigration } from "./003-subscriptions.js";
import { migrationContext, type SqlDialect } from "./context.js";
import { questionsMigration } from "./004-questions.js";
import { campaignsMigration } from "./005-campaigns.js";

/**
 * Every migration, by name; names sort in the order they run. A migration that has run is
 * never edited: a change to the schema is a new migration at the end of this list.
 */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  const context = migrationContext(dialect);
  return {
    "001-delivery": deliveryMigration(context),
    "002-dossiers": dossiersMigration(context),
    "003-subscriptions": subscriptionsMigration(context),
    "004-questions": questionsMigration(context),
    "005-campaigns": campaignsMigration(context),
  };
}
