import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers/app.js";

const run = promisify(execFile);

function metric(report: string, label: string): number {
  const match = new RegExp(`${label}: ([\\d.]+)%`).exec(report);
  if (!match) throw new Error(`no "${label}" in report:\n${report}`);
  return Number(match[1]);
}

describe("npm run eval", () => {
  it("keeps the development set at or above the targets", async () => {
    const { stdout } = await run(join("node_modules", ".bin", "tsx"), ["scripts/eval.ts", "test/eval/dev.jsonl"], {
      timeout: 60_000,
    });
    expect(metric(stdout, "top-1 procedure")).toBeGreaterThanOrEqual(90);
    expect(metric(stdout, "top-3 procedure")).toBeGreaterThanOrEqual(97);
    expect(metric(stdout, "section")).toBeGreaterThanOrEqual(85);
    expect(metric(stdout, "intent")).toBeGreaterThanOrEqual(95);
    expect(metric(stdout, "out-of-scope without procedure")).toBeGreaterThanOrEqual(90);
  });

  it("reports failures for a wrong expectation", async () => {
    const dir = tempDir();
    const file = join(dir.path, "cases.jsonl");
    writeFileSync(file, `${JSON.stringify({ q: "khai sinh", intent: "procedure", codes: ["1.000656"] })}\n`);
    const { stdout } = await run(join("node_modules", ".bin", "tsx"), ["scripts/eval.ts", file], { timeout: 60_000 });
    expect(metric(stdout, "top-1 procedure")).toBe(0);
    expect(stdout).toContain("failures: 1");
    dir.remove();
  });
});
