import { sql, type Selectable } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import { asStatus, type DossierStatus } from "./status.js";
import { dossierDb, type DossierDb, type DossierTable } from "./tables.js";
import type { Dossier, DossierData, DossierOrigin, HistoryEntry, StatusChange } from "./types.js";

/** A connection inside a transaction (see `DossierStore.transaction`). */
export type DossierTransaction = DossierDb;

/** Rows per statement: well under SQLite's bound-parameter limit with 13 columns. */
const CHUNK = 500;

/**
 * The dossier register in the records store: upserts by receipt code with a history row for
 * every real status change, and the imports that fed it.
 */
export class DossierStore {
  readonly db: DossierDb;

  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = dossierDb(records);
  }

  get dialect() {
    return this.records.dialect;
  }

  /**
   * Runs `work` in one transaction. On SQLite it starts with BEGIN IMMEDIATE: the write lock is
   * taken before the first read, so a CLI import and the running bot wait for each other
   * (busy timeout) instead of one failing with "database is locked" on a stale snapshot.
   */
  async transaction<T>(work: (trx: DossierTransaction) => Promise<T>): Promise<T> {
    if (this.records.dialect === "postgres") return this.db.transaction().execute(work);
    return this.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }

  async find(code: string, db: DossierDb = this.db): Promise<Dossier | undefined> {
    const row = await db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirst();
    return row ? toDossier(row) : undefined;
  }

  async findById(id: number, db: DossierDb = this.db): Promise<Dossier | undefined> {
    const row = await db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toDossier(row) : undefined;
  }

  /** Status changes, newest first. */
  async history(dossierId: number, limit = 5): Promise<HistoryEntry[]> {
    const rows = await this.db
      .selectFrom("dossier_history")
      .select(["version", "status", "note", "at", "source"])
      .where("dossier_id", "=", dossierId)
      .orderBy("version", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...row, status: statusOf(row.status), source: row.source as DossierOrigin }));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom("dossiers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Inserts new dossiers and updates known ones inside `trx`. A status that really changed
   * bumps the version and appends a history row; other field changes update quietly; equal
   * data writes nothing. On PostgreSQL the known rows are locked first, so an import and a
   * poller touching the same dossier see each other's result, never a stale one.
   */
  async upsert(
    trx: DossierTransaction,
    batch: readonly DossierData[],
    origin: { source: DossierOrigin; actor?: string },
  ): Promise<{ inserted: number; updated: number; unchanged: number; changes: StatusChange[] }> {
    const result = { inserted: 0, updated: 0, unchanged: 0, changes: [] as StatusChange[] };
    for (let start = 0; start < batch.length; start += CHUNK) {
      const part = await this.upsertChunk(trx, batch.slice(start, start + CHUNK), origin);
      result.inserted += part.inserted;
      result.updated += part.updated;
      result.unchanged += part.unchanged;
      result.changes.push(...part.changes);
    }
    return result;
  }

  private async upsertChunk(
    trx: DossierTransaction,
    chunk: readonly DossierData[],
    origin: { source: DossierOrigin; actor?: string },
  ): Promise<{ inserted: number; updated: number; unchanged: number; changes: StatusChange[] }> {
    const now = this.now();
    const existing = await this.lockByCode(trx, chunk.map((data) => data.code));
    const fresh = chunk.filter((data) => !existing.has(data.code));
    const changes: StatusChange[] = [];
    let inserted = 0;
    if (fresh.length > 0) {
      const rows = await trx
        .insertInto("dossiers")
        .values(fresh.map((data) => ({ ...toRow(data), version: 1, source: origin.source, created_at: now, updated_at: now })))
        .onConflict((conflict) => conflict.column("code").doNothing())
        .returningAll()
        .execute();
      inserted = rows.length;
      const created = rows.map(toDossier);
      await this.appendHistory(trx, created, origin, now);
      changes.push(...created.map((dossier) => ({ dossier, previous: null })));
      // Inserted meanwhile by another instance: handled as known dossiers below.
      if (rows.length < fresh.length) {
        const raced = await this.lockByCode(trx, fresh.filter((data) => !rows.some((row) => row.code === data.code)).map((data) => data.code));
        for (const [code, dossier] of raced) existing.set(code, dossier);
      }
    }
    let updated = 0;
    let unchanged = 0;
    const changed: Dossier[] = [];
    for (const data of chunk) {
      const before = existing.get(data.code);
      if (!before) continue;
      if (sameData(before, data)) {
        unchanged++;
        continue;
      }
      updated++;
      const statusChanged = before.status !== data.status;
      const version = statusChanged ? before.version + 1 : before.version;
      await trx
        .updateTable("dossiers")
        .set({ ...toRow(data), version, source: origin.source, updated_at: now })
        .where("id", "=", before.id)
        .execute();
      if (statusChanged) {
        const after: Dossier = { ...before, ...data, version, source: origin.source, updatedAt: now };
        changed.push(after);
        changes.push({ dossier: after, previous: before.status });
      }
    }
    await this.appendHistory(trx, changed, origin, now);
    return { inserted, updated, unchanged, changes };
  }

  /**
   * Sets one dossier's status (and note) as staff decided; other fields stay. Returns the
   * change, or undefined when the code is unknown; `previous === status` means nothing changed.
   */
  async setStatus(
    trx: DossierTransaction,
    code: string,
    status: DossierStatus,
    note: string | null,
    actor: string,
  ): Promise<StatusChange | undefined> {
    const before = (await this.lockByCode(trx, [code])).get(code);
    if (!before) return undefined;
    const data: DossierData = { ...before, status, note: note ?? (before.status === status ? before.note : null) };
    if (status === 9 && before.resultAt === null) data.resultAt = this.now();
    if (status === 10 && before.returnedAt === null) data.returnedAt = this.now();
    const result = await this.upsertChunk(trx, [data], { source: "staff", actor });
    return result.changes[0] ?? { dossier: before, previous: before.status };
  }

  async recordImport(
    trx: DossierTransaction,
    entry: { file: string; actor: string | null; accepted: number; updated: number; unchanged: number; rejected: number },
  ): Promise<void> {
    await trx.insertInto("dossier_imports").values({ ...entry, at: this.now() }).execute();
  }

  /** The latest import: answers say "register as of …". */
  async lastImportAt(): Promise<number | undefined> {
    const row = await this.db.selectFrom("dossier_imports").select("at").orderBy("id", "desc").limit(1).executeTakeFirst();
    return row?.at;
  }

  /** Dossiers someone follows that can still change, least recently updated first (for polling). */
  async followedOpen(limit: number): Promise<Dossier[]> {
    const rows = await this.db
      .selectFrom("dossiers")
      .selectAll()
      .where("status", "not in", [3, 7, 8, 10])
      .where((eb) =>
        eb.exists(eb.selectFrom("dossier_followers as f").select("f.id").whereRef("f.dossier_id", "=", "dossiers.id").where("f.ended_at", "is", null)),
      )
      .orderBy("updated_at")
      .limit(limit)
      .execute();
    return rows.map(toDossier);
  }

  private async lockByCode(trx: DossierTransaction, codes: readonly string[]): Promise<Map<string, Dossier>> {
    if (codes.length === 0) return new Map();
    let query = trx.selectFrom("dossiers").selectAll().where("code", "in", [...new Set(codes)]);
    if (this.records.dialect === "postgres") query = query.forUpdate();
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.code, toDossier(row)]));
  }

  private async appendHistory(trx: DossierTransaction, dossiers: readonly Dossier[], origin: { source: DossierOrigin; actor?: string }, now: number): Promise<void> {
    if (dossiers.length === 0) return;
    await trx
      .insertInto("dossier_history")
      .values(
        dossiers.map((dossier) => ({
          dossier_id: dossier.id,
          version: dossier.version,
          status: dossier.status,
          note: dossier.note,
          at: eventTime(dossier, now),
          source: origin.source,
          actor: origin.actor ?? null,
        })),
      )
      .onConflict((conflict) => conflict.columns(["dossier_id", "version"]).doNothing())
      .execute();
  }
}

/** When a status was reached, from the register's own dates where it has them. */
function eventTime(dossier: Dossier, now: number): number {
  const known = dossier.status === 2 ? dossier.receivedAt : dossier.status === 9 ? dossier.resultAt : dossier.status === 10 ? dossier.returnedAt : null;
  return known !== null && known <= now ? known : now;
}

function sameData(dossier: Dossier, data: DossierData): boolean {
  return (
    dossier.status === data.status &&
    dossier.procedureCode === data.procedureCode &&
    dossier.procedureName === data.procedureName &&
    dossier.applicant === data.applicant &&
    dossier.receivedAt === data.receivedAt &&
    dossier.dueAt === data.dueAt &&
    dossier.resultAt === data.resultAt &&
    dossier.returnedAt === data.returnedAt &&
    dossier.note === data.note
  );
}

function toRow(data: DossierData) {
  return {
    code: data.code,
    procedure_code: data.procedureCode,
    procedure_name: data.procedureName,
    applicant: data.applicant,
    received_at: data.receivedAt,
    due_at: data.dueAt,
    status: data.status,
    result_at: data.resultAt,
    returned_at: data.returnedAt,
    note: data.note,
  };
}

function toDossier(row: Selectable<DossierTable>): Dossier {
  return {
    id: Number(row.id),
    code: row.code,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    applicant: row.applicant,
    receivedAt: nullableNumber(row.received_at),
    dueAt: nullableNumber(row.due_at),
    status: statusOf(row.status),
    resultAt: nullableNumber(row.result_at),
    returnedAt: nullableNumber(row.returned_at),
    note: row.note,
    version: Number(row.version),
    source: row.source as DossierOrigin,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}

function statusOf(value: number): DossierStatus {
  // The column only ever receives parsed statuses; a foreign value reads as "processing".
  return asStatus(Number(value)) ?? 4;
}
