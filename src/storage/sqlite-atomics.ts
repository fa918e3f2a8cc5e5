import type KeyvSqlite from "@keyv/sqlite";
import type { AtomicOps } from "./memory-atomics.js";

/**
 * Atomic operations on the embedded SQLite file, in a table of their own beside keyv's: each
 * is one INSERT … ON CONFLICT statement whose RETURNING row says whether it took effect, so
 * two processes sharing the file cannot both win.
 */
export function sqliteAtomics(sqlite: KeyvSqlite, namespace: string): AtomicOps {
  const table = "motcua_atomic";
  const ready = sqlite.query(
    `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER NOT NULL)`,
  );
  const scoped = (key: string) => `${namespace}:${key}`;
  return {
    async setIfAbsent(key, value, ttlMs) {
      await ready;
      const now = Date.now();
      const rows = (await sqlite.query(
        `INSERT INTO ${table} (key, value, expires) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires WHERE ${table}.expires <= ?
         RETURNING key`,
        scoped(key), value, now + ttlMs, now,
      )) as unknown[];
      return rows.length === 1;
    },
    async increment(key, ttlMs) {
      await ready;
      const now = Date.now();
      const rows = (await sqlite.query(
        `INSERT INTO ${table} (key, value, expires) VALUES (?, '1', ?)
         ON CONFLICT(key) DO UPDATE SET
           value = CASE WHEN ${table}.expires <= ? THEN '1' ELSE CAST(CAST(${table}.value AS INTEGER) + 1 AS TEXT) END,
           expires = CASE WHEN ${table}.expires <= ? THEN excluded.expires ELSE ${table}.expires END
         RETURNING value`,
        scoped(key), now + ttlMs, now, now,
      )) as Array<{ value: string }>;
      return Number(rows[0]?.value ?? Number.NaN);
    },
  };
}
