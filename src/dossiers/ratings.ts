import type { ChannelName } from "../core/types.js";
import type { RecordsDatabase } from "../records/database.js";
import { dossierDb, type DossierDb } from "./tables.js";

/** The national 3-level satisfaction scale. */
export const RATINGS = { 3: "very-satisfied", 2: "satisfied", 1: "dissatisfied" } as const;
export type RatingValue = keyof typeof RATINGS;

export function isRatingValue(value: number): value is RatingValue {
  return value === 1 || value === 2 || value === 3;
}

export interface RatingExportRow {
  code: string;
  procedureCode: string | null;
  rating: RatingValue;
  reason: string | null;
  ratedAt: number;
}

/** Satisfaction ratings: at most one per dossier and user, kept for the office's reports. */
export class RatingRepository {
  private readonly db: DossierDb;

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = dossierDb(records);
  }

  /** Stores a rating unless this user already rated the dossier; the id when stored. */
  async rate(dossierId: number, channel: ChannelName, userId: string, rating: RatingValue): Promise<number | undefined> {
    const row = await this.db
      .insertInto("dossier_ratings")
      .values({ dossier_id: dossierId, channel, user_id: userId, rating, rated_at: this.now() })
      .onConflict((conflict) => conflict.columns(["dossier_id", "channel", "user_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  /** The reason for a "dissatisfied" rating, once. */
  async setReason(ratingId: number, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable("dossier_ratings")
      .set({ reason: reason.slice(0, 1_000) })
      .where("id", "=", ratingId)
      .where("reason", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async hasRated(dossierId: number, channel: ChannelName, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("dossier_ratings")
      .select("id")
      .where("dossier_id", "=", dossierId)
      .where("channel", "=", channel)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Users (channel:user) among `users` who already rated the dossier. */
  async ratedBy(dossierId: number, db: DossierDb = this.db): Promise<Set<string>> {
    const rows = await db.selectFrom("dossier_ratings").select(["channel", "user_id"]).where("dossier_id", "=", dossierId).execute();
    return new Set(rows.map((row) => `${row.channel}:${row.user_id}`));
  }

  /** Ratings in time order, optionally within [from, to), joined with their dossier's codes. */
  async export(range: { from?: number; to?: number } = {}): Promise<RatingExportRow[]> {
    let query = this.db
      .selectFrom("dossier_ratings as r")
      .innerJoin("dossiers as d", "d.id", "r.dossier_id")
      .select(["d.code", "d.procedure_code", "r.rating", "r.reason", "r.rated_at"])
      .orderBy("r.rated_at")
      .orderBy("r.id");
    if (range.from !== undefined) query = query.where("r.rated_at", ">=", range.from);
    if (range.to !== undefined) query = query.where("r.rated_at", "<", range.to);
    const rows = await query.execute();
    return rows.map((row) => ({
      code: row.code,
      procedureCode: row.procedure_code,
      rating: (isRatingValue(Number(row.rating)) ? Number(row.rating) : 2) as RatingValue,
      reason: row.reason,
      ratedAt: Number(row.rated_at),
    }));
  }
}
