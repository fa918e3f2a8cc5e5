import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { Tables } from "./tables.js";

/**
 * Leased work queues (inbox, outbox) share one rule for letting go: unfinished rows held by
 * some owners get no owner and an expired lease, so whoever claims next takes them at once.
 */
export type LeasedTable = "inbox" | "outbox";

/** Which owners' rows to let go of. */
export type HeldBy = { owner: string } | { earlierRunsOf: string; except: string };

const UNFINISHED: Record<LeasedTable, string> = { inbox: "queued", outbox: "pending" };

export async function releaseHeld(db: Kysely<Tables>, table: LeasedTable, heldBy: HeldBy): Promise<number> {
  const result = await db
    .updateTable(table)
    .set({ owner: null, lease_until: 0 })
    .where("state", "=", UNFINISHED[table] as never)
    .where(ownerCondition(heldBy))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An instance's runs are named `<INSTANCE_ID>#<run>`; substr compares exactly on both dialects. */
function ownerCondition(heldBy: HeldBy): RawBuilder<SqlBool> {
  if ("owner" in heldBy) return sql<SqlBool>`owner = ${heldBy.owner}`;
  const prefix = heldBy.earlierRunsOf;
  return sql<SqlBool>`substr(owner, 1, ${prefix.length}) = ${prefix} and owner <> ${heldBy.except}`;
}
