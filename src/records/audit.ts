import type { RecordsDatabase } from "./database.js";

/** One staff action: who (channel + user id), what, when, with details. */
export interface AuditEntry {
  at: number;
  channel: string;
  userId: string;
  action: string;
  detail: Record<string, unknown>;
}

/** The audit log of staff actions. Append-only: nothing here updates or deletes a row. */
export class AuditLog {
  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async record(entry: Omit<AuditEntry, "at">): Promise<void> {
    await this.records.db
      .insertInto("audit_log")
      .values({ at: this.now(), channel: entry.channel, user_id: entry.userId, action: entry.action, detail: JSON.stringify(entry.detail) })
      .execute();
  }

  /** Newest first. */
  async recent(limit = 50): Promise<AuditEntry[]> {
    const rows = await this.records.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit).execute();
    return rows.map((row) => ({
      at: row.at,
      channel: row.channel,
      userId: row.user_id,
      action: row.action,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }
}
