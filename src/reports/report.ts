import { sql } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { HandoffTables } from "../handoff/tables.js";
import { groupWordings, type WordingGroup } from "./grouping.js";
import { reportDb, type ReportDb } from "./tables.js";

/**
 * The office's report for a period: what residents asked that the catalog could not answer
 * (grouped by likeness), the searches that ended in a question to staff, the questions
 * themselves, the most viewed procedures, dossier lookups, subscriptions and ratings per
 * channel. Subscriptions and ratings live in other features' tables; a table that is not in
 * this database (a feature not installed yet) is reported as such, never as zero.
 */

export interface ReportPeriod {
  since: number;
  until: number;
}

export interface ProcedureNames {
  nameOf(procedureId: string): { name: string; code: string } | undefined;
}

export interface ReportOptions {
  period: ReportPeriod;
  /** Folded stopwords for grouping wordings (the catalog's synonyms file). */
  stopwords?: Iterable<string>;
  procedures?: ProcedureNames;
}

export type PerChannel = Record<string, number>;

export interface ViewedProcedure {
  procedureId: string;
  name: string;
  code: string;
  total: number;
  byChannel: PerChannel;
}

export interface QuestionStats {
  asked: PerChannel;
  answered: PerChannel;
  stillOpen: PerChannel;
  /** Median minutes from the question reaching staff to the first answer (answered ones). */
  medianMinutesToAnswer: number | null;
}

/** A feature's table, when present. */
export type Optional<T> = { available: true; value: T } | { available: false; table: string };

export interface Report {
  period: ReportPeriod;
  /** "Not found" and low-confidence guesses. */
  unanswered: { notFound: PerChannel; guesses: PerChannel; groups: WordingGroup[] };
  /** Searches (not found, guess, card) that ended in a question to staff. */
  handedOff: WordingGroup[];
  /** What residents asked staff, grouped. */
  questionTopics: WordingGroup[];
  questions: QuestionStats;
  viewed: ViewedProcedure[];
  lookups: PerChannel;
  subscriptions: Optional<{ active: PerChannel; joined: PerChannel; left: PerChannel }>;
  ratings: Optional<Record<string, PerChannel>>;
}

/** Ratings as stored by the dossiers feature (the national 3-level scale). */
export const RATING_LEVELS: Record<string, string> = { "3": "very-satisfied", "2": "satisfied", "1": "dissatisfied" };

export async function buildReport(records: RecordsDatabase, options: ReportOptions): Promise<Report> {
  const db = reportDb(records);
  const { since, until } = options.period;
  const logged = await db
    .selectFrom("usage_log")
    .select(["kind", "channel", "text", "procedure_id", "question_id"])
    .where("at", ">=", since)
    .where("at", "<", until)
    .execute();

  const notFound = logged.filter((row) => row.kind === "not-found");
  const guesses = logged.filter((row) => row.kind === "guess");
  const wordings = (rows: typeof logged) => groupWordings(rows.filter((row) => row.text).map((row) => ({ text: row.text ?? "", count: 1 })), { stopwords: options.stopwords });

  const viewedRows = logged.filter((row) => (row.kind === "view" || row.kind === "guess") && row.procedure_id !== null);
  const views = new Map<string, ViewedProcedure>();
  for (const row of viewedRows) {
    const id = row.procedure_id ?? "";
    const known = options.procedures?.nameOf(id);
    const entry = views.get(id) ?? { procedureId: id, name: known?.name ?? id, code: known?.code ?? "", total: 0, byChannel: {} };
    entry.total++;
    add(entry.byChannel, row.channel);
    views.set(id, entry);
  }

  return {
    period: options.period,
    unanswered: {
      notFound: countBy(notFound, (row) => row.channel),
      guesses: countBy(guesses, (row) => row.channel),
      groups: wordings([...notFound, ...guesses]),
    },
    handedOff: wordings(logged.filter((row) => row.kind !== "handoff" && row.kind !== "lookup" && row.question_id !== null)),
    questionTopics: wordings(logged.filter((row) => row.kind === "handoff")),
    questions: await questionStats(db, options.period),
    viewed: [...views.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    lookups: countBy(logged.filter((row) => row.kind === "lookup"), (row) => row.channel),
    subscriptions: await optional(records, "subscribers", () => subscriptionStats(records, options.period)),
    ratings: await optional(records, "dossier_ratings", () => ratingStats(records, options.period)),
  };
}

async function questionStats(db: ReportDb, { since, until }: ReportPeriod): Promise<QuestionStats> {
  const handoff = db.withTables<HandoffTables>();
  const rows = await handoff
    .selectFrom("questions")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("question_messages")
          .select(["question_id", (inner) => inner.fn.min("created_at").as("first_answer")])
          .where("author", "=", "staff")
          .groupBy("question_id")
          .as("answers"),
      (join) => join.onRef("answers.question_id", "=", "questions.id"),
    )
    .select(["questions.channel", "questions.state", "questions.relay_due_at", "answers.first_answer"])
    .where("questions.created_at", ">=", since)
    .where("questions.created_at", "<", until)
    .execute();
  const waits = rows
    .filter((row) => row.first_answer !== null && row.first_answer !== undefined)
    .map((row) => Math.max(0, Number(row.first_answer) - row.relay_due_at) / 60_000)
    .sort((a, b) => a - b);
  return {
    asked: countBy(rows, (row) => row.channel),
    answered: countBy(rows.filter((row) => row.first_answer !== null && row.first_answer !== undefined), (row) => row.channel),
    stillOpen: countBy(rows.filter((row) => row.state === "open"), (row) => row.channel),
    medianMinutesToAnswer: waits.length === 0 ? null : Math.round(median(waits)),
  };
}

async function subscriptionStats(records: RecordsDatabase, { since, until }: ReportPeriod) {
  const db = records.db.withTables<{ subscribers: { channel: string; subscribed_at: number; unsubscribed_at: number | null } }>();
  const rows = await db.selectFrom("subscribers").select(["channel", "subscribed_at", "unsubscribed_at"]).execute();
  return {
    active: countBy(rows.filter((row) => row.unsubscribed_at === null && row.subscribed_at < until), (row) => row.channel),
    joined: countBy(rows.filter((row) => row.subscribed_at >= since && row.subscribed_at < until), (row) => row.channel),
    left: countBy(rows.filter((row) => row.unsubscribed_at !== null && row.unsubscribed_at >= since && row.unsubscribed_at < until), (row) => row.channel),
  };
}

async function ratingStats(records: RecordsDatabase, { since, until }: ReportPeriod): Promise<Record<string, PerChannel>> {
  const db = records.db.withTables<{ dossier_ratings: { channel: string; rating: number; rated_at: number } }>();
  const rows = await db
    .selectFrom("dossier_ratings")
    .select(["channel", "rating", (eb) => eb.fn.countAll<number>().as("n")])
    .where("rated_at", ">=", since)
    .where("rated_at", "<", until)
    .groupBy(["channel", "rating"])
    .execute();
  const byLevel: Record<string, PerChannel> = {};
  for (const row of rows) {
    const level = RATING_LEVELS[String(row.rating)] ?? String(row.rating);
    (byLevel[level] ??= {})[row.channel] = Number(row.n);
  }
  return byLevel;
}

/** Runs `read` when `table` exists in this database; otherwise says which table is missing. */
async function optional<T>(records: RecordsDatabase, table: string, read: () => Promise<T>): Promise<Optional<T>> {
  if (!(await tableExists(records, table))) return { available: false, table };
  return { available: true, value: await read() };
}

export async function tableExists(records: RecordsDatabase, table: string): Promise<boolean> {
  if (records.dialect === "sqlite") {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = ${table}`.execute(records.db);
    return rows.length > 0;
  }
  // to_regclass resolves through the search path, so a commune's own schema is the one asked.
  const { rows } = await sql<{ present: boolean }>`select to_regclass(${table}) is not null as present`.execute(records.db);
  return rows[0]?.present === true;
}

function countBy<T>(rows: readonly T[], key: (row: T) => string): PerChannel {
  const counts: PerChannel = {};
  for (const row of rows) add(counts, key(row));
  return counts;
}

function add(counts: PerChannel, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Sum over channels. */
export function total(counts: PerChannel): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
