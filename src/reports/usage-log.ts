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

  private async write(events: UsageEvent[]): Promise<number[]> {
    const at = this.now();
    return this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const event of events) {
        const origin = event.origin === undefined ? null : hashOrigin(event.origin);
        const inserted = await trx
          .insertInto("usage_log")
          .values({
            at,
            channel: event.channel,
            kind: event.kind,
            text: event.text === undefined ? null : normalizeForLog(event.text),
            procedure_id: event.procedureId ?? null,
            question_id: event.questionId ?? null,
            origin,
          })
          .onConflict((conflict) => conflict.column("origin").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted) ids.push(inserted.id);
        else ids.push((await trx.selectFrom("usage_log").select("id").where("origin", "=", origin).executeTakeFirstOrThrow()).id);
      }
      return ids;
    });
  }
}

function hashOrigin(origin: string): string {
  return createHash("sha256").update(origin).digest("base64url").slice(0, 22);
}
