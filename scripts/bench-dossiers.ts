import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import pg from "pg";
import { loadWorkCalendar } from "../src/calendar/index.js";
import { loadCatalog } from "../src/catalog/load.js";
import { RegisterSource } from "../src/dossiers/lookup.js";
import { importRegister } from "../src/dossiers/register/import.js";
import { createDossierServices } from "../src/dossiers/services.js";
import { createRecords, type Records } from "../src/records/index.js";

/**
 * Dossier lookups and register imports with 100,000 dossiers, on SQLite and on PostgreSQL,
 * beside a naive baseline measured in the same run: a linear scan of the register file (read
 * it, split it into lines, find the code, parse that line) per lookup, and the same file read
 * and parsed once as the floor under an import.
 */
const ROWS = 100_000;
const LOOKUPS = 2_000;
const NAIVE_LOOKUPS = 100;
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const STATUSES = ["Đã tiếp nhận", "Đang giải quyết", "Cần bổ sung", "Đã có kết quả", "Đã trả kết quả", "4", "10"];

function codeOf(index: number): string {
  const day = 1 + (index % 28);
  return `G09.20-202601${String(day).padStart(2, "0")}-${String(index).padStart(7, "0")}`;
}

function generateRegister(rows: number): string {
  const lines = ["Mã hồ sơ,Mã thủ tục,Tên thủ tục,Chủ hồ sơ,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Ghi chú"];
  for (let index = 0; index < rows; index++) {
    const day = String(1 + (index % 28)).padStart(2, "0");
    const status = STATUSES[index % STATUSES.length];
    lines.push(
      `${codeOf(index)},1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Nguyễn Văn ${index % 97},09${String(index).padStart(8, "0")},${day}/01/2026 08:30,${day}/02/2026,${status},${index % 11 === 0 ? "Bản sao CCCD" : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeEach(codes: string[], run: (code: string) => unknown): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (const code of codes) {
    const start = process.hrtime.bigint();
    await run(code);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** The naive baseline: each lookup reads and scans the register file. */
function naiveLookup(file: string, code: string): string[] | undefined {
  const lines = readFileSync(file, "utf8").split("\n");
  for (const line of lines) {
    if (line.startsWith(`${code},`)) return (parseCsv(line) as string[][])[0];
  }
  return undefined;
}

function sampleCodes(count: number, seed: number): string[] {
  const codes: string[] = [];
  let state = seed;
  for (let index = 0; index < count; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // One in ten asks for a code that does not exist (typos, guesses).
    codes.push(index % 10 === 9 ? codeOf(ROWS + (state % ROWS)) : codeOf(state % ROWS));
  }
  return codes;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export async function benchDossiers(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-dossiers-"));
  const file = join(dir, "register.csv");
  writeFileSync(file, generateRegister(ROWS));
  const [catalog, calendar] = await Promise.all([loadCatalog("content"), loadWorkCalendar("content")]);
  const codes = sampleCodes(LOOKUPS, 7);
  const lines = [
    `## Dossiers: ${ROWS.toLocaleString("en")} in the register (${(readFileSync(file).length / 1024 / 1024).toFixed(1)} MB CSV)`,
    `Lookups: ${LOOKUPS} codes (10% unknown), RegisterSource.lookup (dossier, history, import time). Naive: read and scan the CSV file per lookup (${NAIVE_LOOKUPS} codes).`,
    "",
  ];

  const scanStart = process.hrtime.bigint();
  parseCsv(readFileSync(file, "utf8"), { relax_column_count: true });
  const scanMs = Number(process.hrtime.bigint() - scanStart) / 1e6;
  readFileSync(file); // warm the page cache for the naive lookups
  const naive = await timeEach(codes.slice(0, NAIVE_LOOKUPS), (code) => naiveLookup(file, code));

  lines.push("| database | import 100k (new) | rows/s | re-import (unchanged) | lookup p50 | lookup p99 | naive scan p50 | naive scan p99 | p50 speed-up | p99 speed-up |", "|---|---|---|---|---|---|---|---|---|---|");
  const notes: string[] = [];
  for (const backend of ["sqlite", "postgres"] as const) {
    const schema = `bench_${randomBytes(4).toString("hex")}`;
    let records: Records | undefined;
    try {
      records =
        backend === "sqlite"
          ? await createRecords({ dataDir: join(dir, "data") })
          : await createRecords({ dataDir: dir, databaseUrl: DATABASE_URL, schema, queryTimeoutMs: 120_000 });
    } catch (error) {
      lines.push(`| ${backend} | not measured: ${(error as Error).message.split("\n")[0]} |`);
      continue;
    }
    try {
      const services = createDossierServices({ records, catalog, calendar });
      const importStart = process.hrtime.bigint();
      const report = await importRegister(file, services);
      const importMs = Number(process.hrtime.bigint() - importStart) / 1e6;
      const againStart = process.hrtime.bigint();
      await importRegister(file, services);
      const againMs = Number(process.hrtime.bigint() - againStart) / 1e6;
      const source = new RegisterSource(services);
      await timeEach(codes.slice(0, 200), (code) => source.lookup(code)); // warm up
      const ours = await timeEach(codes, (code) => source.lookup(code));
      lines.push(
        `| ${backend} | ${(importMs / 1000).toFixed(1)} s | ${Math.round(report.accepted / (importMs / 1000)).toLocaleString("en")} | ${(againMs / 1000).toFixed(1)} s | ${ms(ours.p50)} | ${ms(ours.p99)} | ${ms(naive.p50)} | ${ms(naive.p99)} | ${(naive.p50 / ours.p50).toFixed(0)}× | ${(naive.p99 / ours.p99).toFixed(0)}× |`,
      );
      notes.push(`- ${backend}: import / one linear scan of the file (${ms(scanMs)}) = ×${(importMs / scanMs).toFixed(1)}; re-import / scan = ×${(againMs / scanMs).toFixed(1)}; accepted ${report.accepted}, rejected ${report.rejected.length}.`);
    } finally {
      await records.close();
      if (backend === "postgres") {
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  lines.push("", ...notes);
  return lines.join("\n");
}
