import { createHash } from "node:crypto";
import type { RecordsDatabase } from "../records/database.js";
import { Batcher } from "../util/batcher.js";
import { normalizeForLog } from "./scrub.js";
import { reportDb, type ReportDb, type UsageKind } from "./tables.js";

/**
 * The usage log: every "not found", low-confidence guess and question to staff, with the text
 * folded and stripped of personal data, plus the procedures viewed and the dossier lookups,
 * for the office's reports. It holds no chat or user id; the origin is a hash that only lets a
 * turn handled twice (after a crash) be logged once.
 */

export interface UsageEvent {
  channel: string;
  kind: UsageKind;
  /** The resident's words as typed; stored scrubbed and folded. */
  text?: string;
  procedureId?: string;
  questionId?: number;
  /** Identifies the incoming message (channel, chat, message id); stored hashed. */
  origin?: string;
}

export class UsageLog {
  private readonly db: ReportDb;
  /** Turns finishing together share one transaction (one fsync on SQLite). */
  private readonly writer = new Batcher<UsageEvent, number>((events) => this.write(events));

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = reportDb(records);
  }

  /** Logs one event; the id of its row (the existing row's when the origin was logged already). */
  record(event: UsageEvent): Promise<number> {
    return this.writer.submit(event);
  }

  /** Marks a logged search as one that ended in a question to staff. */
  async linkQuestion(eventId: number, questionId: number): Promise<void> {
    await this.db.updateTable("usage_log").set({ question_id: questionId }).where("id", "=", eventId).where("question_id", "is", null).execute();
  }

  /**
   * One INSERT for the whole batch (one commit); rows whose origin was logged before are
   * skipped by the database and their existing ids looked up.
   */
  private async write(events: UsageEvent[]): Promise<number[]> {
    const at = this.now();
    const rows = events.map((event) => ({
      at,
      channel: event.channel,
      kind: event.kind,
      text: event.text === undefined ? null : normalizeForLog(event.text),
      procedure_id: event.procedureId ?? null,
      question_id: event.questionId ?? null,
      origin: event.origin === undefined ? null : hashOrigin(event.origin),
    }));
    // The same origin twice in one batch is one row: the first.
    const seen = new Set<string>();
    const unique = rows.filter((row) => row.origin === null || (!seen.has(row.origin) && !!seen.add(row.origin)));
    const inserted = await this.db
      .insertInto("usage_log")
      .values(unique)
      .onConflict((conflict) => conflict.column("origin").doNothing())
      .returning(["id", "origin"])
      .execute();
    const byOrigin = new Map(inserted.flatMap((row) => (row.origin === null ? [] : [[row.origin, row.id] as const])));
    const known = unique.flatMap((row) => (row.origin !== null && !byOrigin.has(row.origin) ? [row.origin] : []));
    if (known.length > 0) {
      for (const row of await this.db.selectFrom("usage_log").select(["id", "origin"]).where("origin", "in", known).execute()) byOrigin.set(row.origin ?? "", row.id);
    }
    // Rows without an origin cannot clash: ids grow in the order of the values.
    const anonymous = inserted.filter((row) => row.origin === null).map((row) => row.id).sort((a, b) => a - b);
    return rows.map((row) => (row.origin === null ? anonymous.shift()! : byOrigin.get(row.origin)!));
  }
}

function hashOrigin(origin: string): string {
  return createHash("sha256").update(origin).digest("base64url").slice(0, 22);
}
