import type { RecordsDatabase } from "./database.js";

/**
 * Named leases in the records store: at most one holder at a time (one instance sends a
 * campaign, one runs the periodic clean-up). Taking a lease is a single statement that only
 * succeeds when the lease is free, expired or already ours, so it is atomic on SQLite and
 * PostgreSQL alike; a holder that dies simply stops renewing and another takes over.
 */
export class LeaseRepository {
  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes or renews `name` for `ttlMs`; true when `owner` holds it afterwards. */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const result = await this.records.db
      .insertInto("leases")
      .values({ name, owner, expires_at: now + ttlMs })
      .onConflict((conflict) =>
        conflict
          .column("name")
          .doUpdateSet({ owner, expires_at: now + ttlMs })
          .where((eb) => eb.or([eb("leases.owner", "=", owner), eb("leases.expires_at", "<=", now)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Gives the lease up if `owner` holds it. */
  async release(name: string, owner: string): Promise<void> {
    await this.records.db.deleteFrom("leases").where("name", "=", name).where("owner", "=", owner).execute();
  }

  async holder(name: string): Promise<string | undefined> {
    const row = await this.records.db
      .selectFrom("leases")
      .select(["owner", "expires_at"])
      .where("name", "=", name)
      .executeTakeFirst();
    return row && row.expires_at > this.now() ? row.owner : undefined;
  }
}
