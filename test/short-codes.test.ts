import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ContentError, loadCatalog } from "../src/catalog/load.js";
import { addMissingShortCodes } from "../src/catalog/short-codes-file.js";
import { missingShortCodes, shortCodeProblems, ShortCodes } from "../src/catalog/short-codes.js";
import { matchShortCode } from "../src/core/short-code.js";
import { runContentCli } from "../scripts/content-cli.js";
import { captureIo } from "./helpers/cli-io.js";
import { addProcedureCopy, copyFixtureCatalog, FIXTURE_CATALOG } from "./helpers/fixture-catalog.js";

describe("short code matcher", () => {
  it.each([
    ["TT 12", 12],
    ["tt12", 12],
    ["TT-12", 12],
    ["Tt.12", 12],
    ["  TT 7  ", 7],
    ["TT 012", 12],
    ["Gửi: TT 12", 12],
    ["gui tt 12", 12],
    ["mã TT 3", 3],
    ["Mã ngắn: TT 45", 45],
    ["TT 9999", 9999],
    ["ＴＴ 5".normalize("NFKC"), 5],
  ])("reads %j as %i", (text, number) => {
    expect(matchShortCode(text)).toBe(number);
  });

  it.each(["TT", "12", "TT 0", "TT 10000", "ttt 12", "tt 12 khai sinh", "khai sinh tt 12", "TT 1 2", "TTHC 12", "so 12", "000.00.15.H31-251002-0007", ""])(
    "leaves %j to the rest of the bot",
    (text) => {
      expect(matchShortCode(text)).toBeNull();
    },
  );

  it("never matches long or arbitrary text that does not start with the code", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const number = matchShortCode(text);
        if (number !== null) expect(text.length).toBeLessThanOrEqual(40);
      }),
    );
    expect(matchShortCode(`TT 1${" ".repeat(60)}`)).toBeNull();
  });
});

describe("short code registry", () => {
  const registry = ShortCodes.fromFile({ codes: { "1": "a", "3": "b", "7": "a" }, retired: { "9": "old" } });

  it("looks up both ways; the lowest number wins for an id listed twice", () => {
    expect(registry.procedureIdOf(3)).toBe("b");
    expect(registry.procedureIdOf(9)).toBeUndefined();
    expect(registry.numberOf("a")).toBe(1);
    expect(registry.labelOf("b")).toBe("TT 3");
    expect(registry.labelOf("missing")).toBeUndefined();
  });

  it("continues after every number ever used, retired ones included", () => {
    expect(registry.nextNumber()).toBe(10);
    expect(ShortCodes.empty().nextNumber()).toBe(1);
  });
});

describe("short codes in the content", () => {
  let dir: { path: string; remove: () => void } | undefined;
  afterEach(() => dir?.remove());

  it("loads with the catalog", async () => {
    const catalog = await loadCatalog(FIXTURE_CATALOG);
    expect(catalog.shortCodes.labelOf("dang-ky-khai-sinh")).toBe("TT 1");
    expect(catalog.shortCodes.retired.get(4)).toBe("thu-tuc-da-bai-bo");
    expect(shortCodeProblems(catalog.procedures, catalog.shortCodes)).toEqual([]);
  });

  it("a missing file means no codes yet: the bot still loads, the check lists each procedure and the fix", async () => {
    dir = copyFixtureCatalog();
    rmSync(join(dir.path, "short-codes.yaml"));
    const catalog = await loadCatalog(dir.path);
    expect(catalog.shortCodes.codes.size).toBe(0);
    const problems = shortCodeProblems(catalog.procedures, catalog.shortCodes);
    expect(problems).toHaveLength(catalog.procedures.length);
    expect(problems[0]).toMatchObject({ field: "id", hint: expect.stringContaining("npm run content -- short-codes") });
  });

  it("reports codes for ids that no longer exist and ids listed twice, with how to fix them", () => {
    const procedures = [{ id: "a", code: "1.000001" }, { id: "b", code: "1.000002" }] as never;
    const problems = shortCodeProblems(procedures, ShortCodes.fromFile({ codes: { "1": "a", "2": "gone", "3": "a", "4": "b" }, retired: {} }));
    expect(problems.map((problem) => problem.field)).toEqual(["codes.2", "codes.3"]);
    expect(problems[0]!.message).toContain("TT 2");
    expect(problems[0]!.hint).toContain("retired");
    expect(problems[1]!.message).toContain("already has TT 1");
  });

  it("refuses a broken registry file like any other content file", async () => {
    dir = copyFixtureCatalog();
    const file = join(dir.path, "short-codes.yaml");
    for (const [text, expected] of [
      ["codes:\n  TT5: dang-ky-khai-sinh\n", "codes.TT5"],
      ["codes:\n  1: Đăng ký khai sinh\n", "codes.1"],
      ["codes:\n  4: dang-ky-khai-sinh\nretired:\n  4: old\n", "both in use and retired"],
      ["codes: [1, 2]\n", "codes"],
      ["codes:\n  1: a\n  1: b\n", "short-codes.yaml"],
    ] as const) {
      writeFileSync(file, text);
      const error = await loadCatalog(dir.path).catch((caught: unknown) => caught);
      expect(error, text).toBeInstanceOf(ContentError);
      expect((error as ContentError).message, text).toContain(expected);
    }
  });
});

describe("npm run content -- short-codes", () => {
  let dir: { path: string; remove: () => void } | undefined;
  afterEach(() => dir?.remove());

  it("numbers new procedures after every used number and keeps every existing line and comment", async () => {
    dir = copyFixtureCatalog();
    addProcedureCopy(dir.path, "1.000894-dang-ky-ket-hon.yaml", { id: "dang-ky-lai-ket-hon", code: "1.004746", name: "Đăng ký lại kết hôn" });
    addProcedureCopy(dir.path, "2.000815-chung-thuc-ban-sao.yaml", { id: "chung-thuc-di-chuc", code: "2.001019", name: "Chứng thực di chúc", topic: "certification" });
    addProcedureCopy(dir.path, "1.001193-dang-ky-khai-sinh.yaml", { id: "dang-ky-giam-ho", code: "1.004837", name: "Đăng ký giám hộ" });
    const file = join(dir.path, "short-codes.yaml");
    const before = readFileSync(file, "utf8");
    const catalog = await loadCatalog(dir.path);

    const added = await addMissingShortCodes(dir.path, catalog.procedures, catalog.shortCodes);

    // After 9, the highest used; civil status before certification, then by national code.
    expect(added.map(({ number, procedure }) => [number, procedure.id])).toEqual([
      [10, "dang-ky-lai-ket-hon"],
      [11, "dang-ky-giam-ho"],
      [12, "chung-thuc-di-chuc"],
    ]);
    const after = readFileSync(file, "utf8");
    for (const line of before.split("\n").filter((line) => line.trim() !== "")) expect(after).toContain(line);
    const reloaded = await loadCatalog(dir.path);
    expect(shortCodeProblems(reloaded.procedures, reloaded.shortCodes)).toEqual([]);
    for (const [number, id] of catalog.shortCodes.codes) expect(reloaded.shortCodes.procedureIdOf(number)).toBe(id);

    // Running it again changes nothing.
    expect(await addMissingShortCodes(dir.path, reloaded.procedures, reloaded.shortCodes)).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(after);
  });

  it("keeps codes stable when procedures are edited, renamed or removed", async () => {
    dir = copyFixtureCatalog();
    const path = join(dir.path, "procedures", "1.000894-dang-ky-ket-hon.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace(/^name: .*$/m, "name: Đăng ký kết hôn (tên mới)"));
    rmSync(join(dir.path, "procedures", "2.000884-chung-thuc-chu-ky.yaml"));
    addProcedureCopy(dir.path, "1.001193-dang-ky-khai-sinh.yaml", { id: "dang-ky-lai-khai-sinh", code: "1.004884", name: "Đăng ký lại khai sinh" });
    const catalog = await loadCatalog(dir.path);
    await addMissingShortCodes(dir.path, catalog.procedures, catalog.shortCodes);
    const reloaded = await loadCatalog(dir.path);
    expect(reloaded.shortCodes.labelOf("dang-ky-ket-hon")).toBe("TT 2");
    expect(reloaded.shortCodes.labelOf("dang-ky-khai-sinh")).toBe("TT 1");
    // The removed procedure's number is never handed out again.
    expect(reloaded.shortCodes.labelOf("dang-ky-lai-khai-sinh")).toBe("TT 10");
    expect(shortCodeProblems(reloaded.procedures, reloaded.shortCodes).map((problem) => problem.field)).toEqual(["codes.5"]);
  });

  it("content:check fails on a procedure without a code and says how to fix it; the command fixes it", async () => {
    dir = copyFixtureCatalog();
    addProcedureCopy(dir.path, "1.000894-dang-ky-ket-hon.yaml", { id: "dang-ky-lai-ket-hon", code: "1.004746", name: "Đăng ký lại kết hôn" });
    const check = captureIo();
    expect(await runContentCli(["check"], check.io, { CONTENT_DIR: dir.path })).toBe(1);
    expect(check.err()).toContain('procedure "dang-ky-lai-ket-hon" has no short code');
    expect(check.err()).toContain("npm run content -- short-codes");
    const command = captureIo();
    expect(await runContentCli(["short-codes"], command.io, { CONTENT_DIR: dir.path })).toBe(0);
    expect(command.out()).toContain("TT 10  dang-ky-lai-ket-hon  (Đăng ký lại kết hôn)");
    const fixed = await loadCatalog(dir.path);
    expect(shortCodeProblems(fixed.procedures, fixed.shortCodes)).toEqual([]);
  });

  it("creates the file with its explanation when there is none", async () => {
    dir = copyFixtureCatalog();
    rmSync(join(dir.path, "short-codes.yaml"));
    const catalog = await loadCatalog(dir.path);
    const added = await addMissingShortCodes(dir.path, catalog.procedures, catalog.shortCodes);
    expect(added.map(({ number }) => number)).toEqual(catalog.procedures.map((_, index) => index + 1));
    const text = readFileSync(join(dir.path, "short-codes.yaml"), "utf8");
    expect(text).toContain("KHÔNG đổi");
    expect(text).toMatch(/^codes:\n {2}1: /m);
    expect(missingShortCodes(catalog.procedures, (await loadCatalog(dir.path)).shortCodes)).toEqual([]);
  });
});
