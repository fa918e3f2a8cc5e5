import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { withTimeout } from "../util/timeout.js";
import { migrationsFor } from "./migrations/index.js";
import type { SqlDialect } from "./migrations/context.js";
import type { Tables } from "./tables.js";

export type { SqlDialect };

/**
 * The records store: SQL tables for what is listed, counted or joined. SQLite in DATA_DIR by
 * default (nothing to install), PostgreSQL when DATABASE_URL is set. Migrations run on open.
 */
export interface RecordsDatabase {
  readonly db: Kysely<Tables>;
  readonly dialect: SqlDialect;
  /** Reachability for /healthz; never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface RecordsOptions {
  dataDir: string;
  /** An SQLite database in process memory: for one-shot tools that must not touch DATA_DIR. */
  memory?: boolean;
  /** postgres://… ; unset means the embedded SQLite file. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created when missing): several communes can share one database. */
  schema?: string;
  /** Longest wait for one query before it fails (PostgreSQL). Default 5 s. */
  queryTimeoutMs?: number;
}

/** A failure of the records store: unreachable, or a query that failed or timed out. */
export class RecordsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RecordsError";
  }
}

const SQLITE_FILE = "records.sqlite";
/** PostgreSQL answers int8 (bigint, count(*)) as text by default; times and ids fit a double. */
const INT8_OID = 20;

export async function openRecords(options: RecordsOptions): Promise<RecordsDatabase> {
  const { db, dialect, schema } = options.databaseUrl ? openPostgres(options, options.databaseUrl) : openSqlite(options);
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrate(db, dialect, schema);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new RecordsError(`the records database could not be opened or migrated: ${messageOf(error)}`, { cause: error });
  }
  return {
    db,
    dialect,
    async ping() {
      try {
        await withTimeout(sql`select 1`.execute(db), 1_500, "records ping");
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

function openSqlite(options: RecordsOptions): { db: Kysely<Tables>; dialect: SqlDialect; schema?: string } {
  const database = new SQLite(options.memory ? ":memory:" : sqliteFile(options.dataDir), { timeout: 5_000 });
  // WAL: readers never wait for the writer and a commit is one fsync. synchronous=FULL keeps
  // an acknowledged update even through a power cut, not only through a process crash.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma("foreign_keys = ON");
  return { db: new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }), dialect: "sqlite" };
}

function openPostgres(options: RecordsOptions, url: string): { db: Kysely<Tables>; dialect: SqlDialect; schema?: string } {
  const schema = options.schema;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3_000,
    query_timeout: options.queryTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection emits on the pool; without a listener Node exits.
  pool.on("error", () => undefined);
  return { db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres", schema };
}

function sqliteFile(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return join(dir, SQLITE_FILE);
}

async function migrate(db: Kysely<Tables>, dialect: SqlDialect, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
    // Features merge in any order, so a number reserved for one (003-subscriptions) can arrive
    // after later ones ran; each migration only adds its own tables, so the order is free.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's migrator looks through every schema of the database; one dropped meanwhile by
  // someone else (a parallel test, another commune's schema), or one of its tables, fails it
  // spuriously: try again.
  for (let attempt = 1; error && attempt < 4 && isOtherSchemaGone(error, schema); attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName;
    throw new Error(`migration ${failed ?? "(unknown)"} failed: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * What Kysely's introspection meets when a schema, table or column of someone else's goes away
 * while it reads them: schema (3F000), relation (42P01) or column (42703) "does not exist", or
 * PostgreSQL's internal "cache lookup failed for namespace/relation" (XX000) when the drop lands
 * in the middle of the catalog query.
 */
const GONE_MEANWHILE = new Set(["3F000", "42P01", "42703"]);
const CACHE_LOOKUP_FAILED = /^cache lookup failed for (namespace|relation|type|attribute)/;

export function isOtherSchemaGone(error: unknown, ours: string | undefined): boolean {
  const { code, message } = error as { code?: string; message?: string };
  const names = (name: string) => message?.includes(`"${name}"`) || message?.includes(`"${name}.`);
  const gone = (code !== undefined && GONE_MEANWHILE.has(code)) || (code === "XX000" && CACHE_LOOKUP_FAILED.test(message ?? ""));
  return gone && !(ours !== undefined && names(ours));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
