import { randomBytes } from "node:crypto";
import pg from "pg";
import { createRecords, type Records } from "../../src/records/index.js";
import { tempDir } from "./app.js";

/** The PostgreSQL the tests use: the machine's own, on loopback (.ci/run starts it when down). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type RecordsBackend = "sqlite" | "postgres";

export interface TestRecords {
  records: Records;
  /** Another connection to the same store, as a second instance would have. */
  reopen(): Promise<Records>;
  /** Closes every connection and removes what the test created. */
  dispose(): Promise<void>;
}

/** A fresh records store: a SQLite file in a temporary folder, or a fresh PostgreSQL schema. */
export async function testRecords(backend: RecordsBackend, now?: () => number): Promise<TestRecords> {
  const opened: Records[] = [];
  const dir = backend === "sqlite" ? tempDir("motcua-records-") : undefined;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const options = dir ? { dataDir: dir.path } : { dataDir: "unused", databaseUrl: TEST_DATABASE_URL, schema };
  const open = async () => {
    const records = await createRecords(options, now);
    opened.push(records);
    return records;
  };
  const records = await open();
  return {
    records,
    reopen: open,
    async dispose() {
      await Promise.all(opened.map((entry) => entry.close().catch(() => undefined)));
      if (dir) dir.remove();
      else await dropSchema(schema);
    },
  };
}

/** Removes a PostgreSQL schema a test created, with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}
