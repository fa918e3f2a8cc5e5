import type { Generated, Kysely } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { Tables } from "../records/tables.js";

/**
 * The dossier tables (migration 002-dossiers), as Kysely sees them. Times are epoch ms; a
 * status is the national code 1-10. No table holds a phone number, an address or an ID number:
 * the applicant's name is stored masked ("Nguyễn V. A."), the only form the bot ever shows.
 */
export interface DossierTable {
  id: Generated<number>;
  /** Canonical receipt code (see receipt-code.ts). */
  code: string;
  procedure_code: string | null;
  procedure_name: string | null;
  /** Masked applicant name. */
  applicant: string | null;
  received_at: number | null;
  /** Appointment date for the result (ngày hẹn trả). */
  due_at: number | null;
  status: number;
  result_at: number | null;
  returned_at: number | null;
  /** What the office said last: for a supplement, which documents are asked for. */
  note: string | null;
  /** Counts status changes: (dossier, version) names one change, for exactly-once notices. */
  version: number;
  /** Where the current data came from: import, staff, http. */
  source: string;
  created_at: number;
  updated_at: number;
}

/** Every status change, oldest first. */
export interface DossierHistoryTable {
  id: Generated<number>;
  dossier_id: number;
  version: number;
  status: number;
  note: string | null;
  /** When the change happened (the register's date when it has one, else when it was recorded). */
  at: number;
  source: string;
  /** Staff member ("telegram:123") or the import file, for changes made by people. */
  actor: string | null;
}

/** Chats following a dossier: each real status change sends them one message. */
export interface DossierFollowerTable {
  id: Generated<number>;
  dossier_id: number;
  channel: string;
  chat_id: string;
  /** Who pressed "follow" (ratings are per user). */
  user_id: string;
  language: string;
  followed_at: number;
  /** Set when following ended (unfollowed, or the dossier reached a final status). */
  ended_at: number | null;
  /** The latest notice sent about this dossier to this chat. */
  last_notice_at: number | null;
  /** When the satisfaction question was put to this chat (asked once). */
  rating_asked_at: number | null;
}

/** Satisfaction ratings: one per dossier and user. */
export interface DossierRatingTable {
  id: Generated<number>;
  dossier_id: number;
  channel: string;
  user_id: string;
  /** 3 very satisfied, 2 satisfied, 1 dissatisfied. */
  rating: number;
  reason: string | null;
  rated_at: number;
}

/** Each register import, for the staff's record and "data as of" in answers. */
export interface DossierImportTable {
  id: Generated<number>;
  at: number;
  file: string;
  actor: string | null;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export type DossierTables = {
  dossiers: DossierTable;
  dossier_history: DossierHistoryTable;
  dossier_followers: DossierFollowerTable;
  dossier_ratings: DossierRatingTable;
  dossier_imports: DossierImportTable;
};

export type DossierDb = Kysely<Tables & DossierTables>;

/** The records store's connection, typed with the dossier tables. */
export function dossierDb(records: RecordsDatabase): DossierDb {
  return records.db.withTables<DossierTables>();
}
