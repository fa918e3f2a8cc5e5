import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runAskCli } from "../scripts/ask-cli.js";
import { runContentCli } from "../scripts/content-cli.js";
import { tempDir } from "./helpers/app.js";
import { captureIo } from "./helpers/cli-io.js";
import { copyFixtureCatalog, FIXTURE_CATALOG } from "./helpers/fixture-catalog.js";

const run = promisify(execFile);
/** The chat tools run on the fixture catalog; the bundled content is judged by `content check` below and the eval gate. */
const FIXTURE = { CONTENT_DIR: FIXTURE_CATALOG };

// The tools run in-process (scripts/*-cli.ts); one real process per tool checks that its script
// passes on the arguments, stdin, output and exit code. Node with tsx as a loader is one process
// where the tsx command would be two. Real processes and the check of the whole bundled content
// get SLOW_TIMEOUT: a busy machine slows them, which is no failure.
const SLOW_TIMEOUT = 60_000;

async function tool(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const child = run(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...options.env }, timeout: 50_000 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  return child;
}

describe("npm run ask", () => {
  it("--json prints the documented object", async () => {
    const { io, out } = captureIo();
    expect(await runAskCli(["--json", "khai sinh cần giấy tờ gì"], io, { env: FIXTURE })).toBe(0);
    const result = JSON.parse(out());
    expect(Object.keys(result).sort()).toEqual(["candidates", "intent", "procedure", "receiptCode", "reply", "section"]);
    expect(result.intent).toBe("procedure");
    expect(result.procedure).toEqual({ id: "dang-ky-khai-sinh", code: "1.001193", name: "Đăng ký khai sinh" });
    expect(result.section).toBe("documents");
    expect(result.candidates[0]).toEqual(expect.objectContaining({ code: "1.001193", score: expect.any(Number) }));
    expect(result.receiptCode).toBeNull();
    expect(result.reply).toContain("Giấy tờ cần chuẩn bị");
  });

  it("--jsonl answers each line of stdin as a fresh chat (a real process)", async () => {
    const { stdout } = await tool("scripts/ask.ts", ["--jsonl"], { input: "khai sinh\ncòn lệ phí?\nG09.20-20260609-0092637\n", env: FIXTURE });
    const lines = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0].procedure.code).toBe("1.001193");
    expect(lines[1].procedure).toBeNull();
    expect(lines[2]).toEqual(expect.objectContaining({ intent: "status", receiptCode: "G09.20-20260609-0092637" }));
  }, SLOW_TIMEOUT);

  it("prints the plain reply without flags", async () => {
    const { io, out } = captureIo();
    expect(await runAskCli(["khai sinh"], io, { env: FIXTURE })).toBe(0);
    expect(out()).toContain("Đăng ký khai sinh");
    expect(out()).not.toMatch(/^\{/);
  });
});

describe("npm start without tokens", () => {
  it("answers piped lines in the terminal chat and exits at end of input", async () => {
    const data = tempDir();
    const { stdout } = await tool("src/main.ts", [], {
      input: "xin chào\nlam giay khai sinh\ncòn lệ phí?\n",
      env: { ...FIXTURE, DATA_DIR: data.path, TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
    });
    expect(stdout).toContain("> xin chào");
    expect(stdout).toContain("Mã thủ tục: 1.001193");
    expect(stdout.split("> còn lệ phí?")[1]).toContain("Lệ phí");
    data.remove();
  }, SLOW_TIMEOUT);

  it("refuses to start on invalid content and says why", async () => {
    const dir = copyFixtureCatalog();
    writeFileSync(join(dir.path, "office.yaml"), "name: Xã\n");
    const failure = await tool("src/main.ts", [], { input: "", env: { CONTENT_DIR: dir.path } }).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("cannot start");
    expect(failure.stderr).toContain("office.yaml: address");
    dir.remove();
  }, SLOW_TIMEOUT);
});

describe("npm run content", () => {
  // The gate for the bundled content: valid, no shared aliases, every procedure reached by the
  // development set. The date is fixed so that review ages do not fail CI as time passes.
  it("check passes on the bundled content and every procedure is reached", async () => {
    const { io, out, err } = captureIo();
    expect(await runContentCli(["check", "--today", "2026-11-28"], io, { CONTENT_DIR: "content" })).toBe(0);
    const [stdout, stderr] = [out(), err()];
    expect(stdout).toMatch(/^content OK/);
    const [, reached, total] = /(\d+) of (\d+) procedures reached/.exec(stdout) ?? [];
    expect(Number(reached)).toBe(Number(total));
    expect(stderr).not.toContain("(development set)");
    expect(stderr).not.toContain("duplicate");
  }, SLOW_TIMEOUT);

  it("check exits 1 and lists problems on broken content (a real process)", async () => {
    const dir = copyFixtureCatalog("test/fixtures/catalog");
    writeFileSync(join(dir.path, "fees", "tinh-mot.yaml"), 'province: "Tỉnh Một"\nresolutions: []\n');
    const failure = await tool("scripts/content.ts", ["check"], { env: { CONTENT_DIR: dir.path } }).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("fees/tinh-mot.yaml: resolutions: list the resolutions that set these fees");
    dir.remove();
  }, SLOW_TIMEOUT);

  it("export prints the validated catalog as JSON", async () => {
    const { io, out } = captureIo();
    expect(await runContentCli(["export"], io, { CONTENT_DIR: "test/fixtures/catalog" })).toBe(0);
    const exported = JSON.parse(out());
    expect(exported.procedures).toHaveLength(4);
    expect(exported.office.province).toBe("Tỉnh Một");
    expect(exported.feeTable.province).toBe("Tỉnh Một");
    const marriage = exported.procedures.find((procedure: { code: string }) => procedure.code === "1.004873");
    expect(marriage.provincialFees.fees.map((fee: { amount: number }) => fee.amount)).toEqual([5000, 7000]);
  });

  it("list prints the table, or CSV with --csv, and refuses an unknown topic", async () => {
    const env = { CONTENT_DIR: "test/fixtures/catalog" };
    const table = captureIo();
    expect(await runContentCli(["list", "--today", "2026-11-28"], table.io, env)).toBe(0);
    expect(table.out()).toMatch(/^Mã +\| Tên thủ tục/);
    expect(table.out()).toContain("4 thủ tục.");
    const csv = captureIo();
    expect(await runContentCli(["list", "--csv", "--topic", "land"], csv.io, env)).toBe(0);
    expect(csv.out().split("\r\n").filter(Boolean)).toHaveLength(2);
    const failure = captureIo();
    expect(await runContentCli(["list", "--topic", "dat"], failure.io, env)).toBe(2);
    expect(failure.err()).toContain("unknown topic");
    expect(failure.out()).toBe("");
  });

  it("refuses an unknown command or option with the usage", async () => {
    for (const argv of [["lists"], ["list", "--cvs"]]) {
      const { io, err } = captureIo();
      expect(await runContentCli(argv, io, { CONTENT_DIR: "test/fixtures/catalog" }), argv.join(" ")).toBe(2);
      expect(err(), argv.join(" ")).toContain("usage: content check");
    }
  });
});
