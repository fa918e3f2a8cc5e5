import type { Generated, Kysely } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { Tables } from "../records/tables.js";

export type UsageKind = "not-found" | "guess" | "handoff" | "view" | "lookup";

/**
 * The anonymous usage log: what residents asked that the catalog could not answer, what they
 * viewed and looked up. Texts are folded and stripped of personal data; no chat or user id.
 */
export interface UsageLogTable {
  id: Generated<number>;
  at: number;
  channel: string;
  kind: UsageKind;
  text: string | null;
  procedure_id: string | null;
  /** The question this search ended in, if the resident then asked staff. */
  question_id: number | null;
  /** A hash of the incoming message: a turn handled twice is logged once. */
  origin: string | null;
}

// A type alias (not an interface) so it satisfies withTables' record constraint.
export type ReportTables = {
  usage_log: UsageLogTable;
};

export type ReportDb = Kysely<Tables & ReportTables>;

/** The usage log (migration 004-questions) beside the foundation's tables. */
export function reportDb(records: RecordsDatabase): ReportDb {
  return records.db.withTables<ReportTables>();
}
