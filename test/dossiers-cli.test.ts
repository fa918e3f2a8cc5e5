import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import { runDossierCli } from "../src/dossiers/cli.js";
import { createRecords } from "../src/records/index.js";
import { TEST_CONTENT_DIR, tempDir } from "./helpers/app.js";
import { captureIo } from "./helpers/cli-io.js";
import { dropSchema, TEST_DATABASE_URL } from "./helpers/records.js";

const REGISTER = [
  "Mã hồ sơ,Mã thủ tục,Tên thủ tục,Người nộp,Điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Ghi chú",
  "000.00.15.H31-260202-0001,1.001193,Đăng ký khai sinh,Nguyễn Văn An,0912345678,02/02/2026 08:15,03/02/2026,Đang giải quyết,",
  "000.00.15.H31-260202-0002,1.004873,Xác nhận tình trạng hôn nhân,Trần B,,02/02/2026,05/02/2026,10,",
  "bad code,1.004873,X,Y,,02/02/2026,05/02/2026,4,",
].join("\n");

/** The command's io with its environment, and what it wrote. */
function io(env: NodeJS.ProcessEnv) {
  const { io: streams, out, err } = captureIo();
  return { io: { env, ...streams }, out, err };
}

describe.each(["sqlite", "postgres"] as const)("staff command line on %s", (backend) => {
  const dir = tempDir("motcua-cli-");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    CONTENT_DIR: TEST_CONTENT_DIR,
    DATA_DIR: dir.path,
    ...(backend === "postgres" ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
  };
  afterEach(async () => {
    if (backend === "postgres") await dropSchema(schema);
  });

  it("imports a register with a report, sets a status with an audit entry and a queued notice, and exports ratings as CSV", async () => {
    const file = join(dir.path, "register.csv");
    writeFileSync(file, REGISTER);
    const dry = io(env);
    expect(await runDossierCli("import", [file, "--dry-run"], dry.io)).toBe(0);
    expect(dry.out()).toContain("dry run, nothing changed");

    const run = io(env);
    expect(await runDossierCli("import", [file], run.io)).toBe(0);
    const report = run.out();
    expect(report).toContain("accepted (new): 2");
    expect(report).toContain("rejected: 1");
    expect(report).toMatch(/line 4: Mã hồ sơ: "bad code" is not a receipt code/);
    expect(report).toContain('Not read: "Điện thoại"');

    const json = io(env);
    expect(await runDossierCli("import", [file, "--json"], json.io)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ accepted: 0, unchanged: 2, rejected: [{ line: 4 }] });

    // A follower, a rating: what the bot would have stored.
    const records = await createRecords({ dataDir: dir.path, databaseUrl: env.DATABASE_URL, schema: env.DATABASE_SCHEMA });
    const db = records.database.db.withTables<{
      dossiers: { id: number; code: string };
      dossier_followers: { dossier_id: number; channel: string; chat_id: string; user_id: string; language: string; followed_at: number };
      dossier_ratings: { dossier_id: number; channel: string; user_id: string; rating: number; reason: string | null; rated_at: number };
    }>();
    const ids = Object.fromEntries((await db.selectFrom("dossiers").select(["id", "code"]).execute()).map((row) => [row.code, Number(row.id)]));
    await db.insertInto("dossier_followers").values({ dossier_id: ids["000.00.15.H31-260202-0001"]!, channel: "telegram", chat_id: "42", user_id: "42", language: "vi", followed_at: Date.now() }).execute();
    await db.insertInto("dossier_ratings").values({ dossier_id: ids["000.00.15.H31-260202-0002"]!, channel: "zalo", user_id: "z", rating: 1, reason: 'Chờ "lâu", phải đi lại', rated_at: Date.UTC(2026, 1, 5, 3) }).execute();

    const status = io(env);
    expect(await runDossierCli("status", ["000.00.15.h31-260202-0001", "5", "Bản", "sao", "CCCD"], status.io)).toBe(0);
    expect(status.out()).toContain("Notices queued: 1");
    const notices = await records.database.db.selectFrom("outbox").select(["chat_id", "kind", "state"]).execute();
    expect(notices).toEqual([{ chat_id: "42", kind: "notice", state: "pending" }]);
    const audit = await records.audit.recent(5);
    expect(audit.map((entry) => entry.action)).toEqual(["dossiers.status", "dossiers.import", "dossiers.import"]);
    await records.close();

    const out = join(dir.path, "ratings.csv");
    const exported = io(env);
    expect(await runDossierCli("ratings", ["--out", out, "--from", "2026-02-01", "--to", "2026-02-05"], exported.io)).toBe(0);
    const csv = readFileSync(out, "utf8");
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(parseCsv(csv.slice(1))).toEqual([
      ["Mã hồ sơ", "Mã thủ tục", "Mức độ hài lòng", "Lý do", "Thời gian"],
      ["000.00.15.H31-260202-0002", "1.004873", "Không hài lòng", 'Chờ "lâu", phải đi lại', "05/02/2026 10:00"],
    ]);
    const none = io(env);
    expect(await runDossierCli("ratings", ["--from", "2026-02-06"], none.io)).toBe(0);
    expect(parseCsv(none.out().slice(1))).toHaveLength(1);
  });

  it("explains wrong usage and files that change nothing", async () => {
    const usage = io(env);
    expect(await runDossierCli("import", [], usage.io)).toBe(2);
    expect(usage.err()).toContain("usage: npm run dossiers:import");
    const status = io(env);
    expect(await runDossierCli("status", ["G09.20-20260609-0092637", "12"], status.io)).toBe(2);
    expect(status.err()).toContain('"12" is not a status');
    const missing = io(env);
    expect(await runDossierCli("import", [join(dir.path, "nope.csv")], missing.io)).toBe(1);
    expect(missing.err()).toContain("Nothing was changed");
    const unknown = io(env);
    expect(await runDossierCli("status", ["G09.20-20260609-0092637", "9"], unknown.io)).toBe(1);
    expect(unknown.err()).toContain("not in the register");
  });
});
