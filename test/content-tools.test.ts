import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aliasFindings, cueTailFindings, reaches } from "../src/catalog/audit.js";
import { withinOneEdit } from "../src/analysis/typos.js";
import { loadCatalog } from "../src/catalog/load.js";
import { checkContent } from "../scripts/content-check.js";
import { formatCsv, formatTable, listRows } from "../scripts/content-list.js";
import { catalogCopies } from "./helpers/fixture-catalog.js";

const FIXTURE = "test/fixtures/catalog";
const DEV_SET = "test/fixtures/catalog-dev.jsonl";

const fixtureCopy = catalogCopies(FIXTURE);

function addAlias(dir: string, file: string, alias: string): void {
  const path = join(dir, "procedures", file);
  const text = readFileSync(path, "utf8");
  writeFileSync(path, text.replace(/^aliases: \[/m, `aliases: ["${alias}", `));
}

const check = (dir: string, today: string, extra: { strict?: boolean; devSet?: string } = {}) =>
  checkContent({ dir, today, devSet: extra.devSet ?? DEV_SET, strict: extra.strict ?? false });

describe("content check", () => {
  it("passes clean content and reports what it checked", async () => {
    const result = await check(FIXTURE, "2026-01-01", { devSet: "test/fixtures/none.jsonl" });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^content OK: 4 procedures/);
    expect(result.stdout).toContain("fee table for Tỉnh Một: 3 amounts");
    expect(result.stdout).toContain("not found: reach check skipped");
    expect(result.stderr).toBe("");
  });

  it("flags reviews older than a year and reviews made before a law change took effect", async () => {
    const result = await check(FIXTURE, "2027-03-02");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("procedures/1.000894 (dang-ky-ket-hon): reviewed: last reviewed 2025-06-01, 639 days ago");
    expect(result.stderr).toContain("procedures/1.004873 (xac-nhan-tinh-trang-hon-nhan): reviewed: a note says the rules change on 2027-03-01");
    // The day before the change, and within a year of review, nothing is due.
    const earlier = await check(FIXTURE, "2026-05-31");
    expect(earlier.stderr).not.toContain("reviewed:");
  });

  it("flags procedures no development-set question reaches", async () => {
    const result = await check(FIXTURE, "2026-05-31");
    expect(result.stdout).toContain("2 of 4 procedures reached by its 3 questions");
    expect(result.stderr).toContain("procedures/LOCAL-001 (chuyen-muc-dich-su-dung-dat): (development set): no development-set question expects this procedure");
    expect(result.stderr).toMatch(/procedures\/1\.000894 \(dang-ky-ket-hon\): \(development set\): none of the 1 questions that expect it reaches it \("chuyen doi muc dich dat" → LOCAL-001\)/);
  });

  it("fails on warnings only with --strict", async () => {
    expect((await check(FIXTURE, "2026-05-31", { strict: true })).code).toBe(1);
    expect((await check(FIXTURE, "2026-05-31", { strict: true })).stdout).toMatch(/^content check FAILED/);
  });

  it("fails when two procedures share an alias, and warns on near-duplicates and misleading aliases", async () => {
    const dir = fixtureCopy((path) => {
      addAlias(path, "1.000894-dang-ky-ket-hon.yaml", "Bản chính sao y");
      addAlias(path, "LOCAL-001-chuyen-muc-dich-su-dung-dat.yaml", "giấy xác nhận độc thân cho tôi");
      addAlias(path, "LOCAL-001-chuyen-muc-dich-su-dung-dat.yaml", "hộ chiếu");
    });
    const result = await check(dir, "2026-05-31", { devSet: "test/fixtures/none.jsonl" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/errors \(1\):\n- procedures\/2\.000815 \(chung-thuc-ban-sao\): aliases: "sao y bản chính" is a duplicate of "Bản chính sao y" in procedures\/1\.000894/);
    expect(result.stderr).toContain('"giấy xác nhận độc thân cho tôi" is a near-duplicate of "giấy xác nhận độc thân" in procedures/1.004873');
    // Offered in a choice beside 1.004873, the near-duplicate still reaches its own procedure...
    expect(result.stderr).not.toContain('asking "giấy xác nhận độc thân cho tôi"');
    // ...while an alias that is only an out-of-scope topic reaches nothing (a longer alias holding
    // the topic would win, as any longer match does).
    expect(result.stderr).toContain('LOCAL-001 (chuyen-muc-dich-su-dung-dat): aliases: asking "hộ chiếu" leads to no procedure');
  });

  it("warns when an amount left in a procedure file contradicts the province's fee table", async () => {
    const dir = fixtureCopy((path) =>
      writeFileSync(
        join(path, "fees", "tinh-ba.yaml"),
        ['province: "Tỉnh Ba"', "resolutions:", "  - id: nq", '    number: "5/2025/NQ-HĐND"', '    title: "Phí"', "    effective: 2025-01-01", "fees:", '  - code: "LOCAL-001"', "    amount: 60000", "    resolution: nq"].join("\n"),
      ),
    );
    const result = await check(dir, "2026-05-31", { devSet: "test/fixtures/none.jsonl" });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "procedures/LOCAL-001 (chuyen-muc-dich-su-dung-dat): fee.byProvince.Tỉnh Ba: says 50000 đồng but the fee table for Tỉnh Ba says 60000; the table is shown",
    );
  });

  it("reports invalid content instead of auditing it", async () => {
    const dir = fixtureCopy((path) => writeFileSync(join(path, "office.yaml"), "name: Xã\n"));
    const result = await check(dir, "2026-05-31");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("office.yaml: address");
  });
});

describe("what a question reaches", () => {
  it("is the procedure shown, or one offered in a choice, never a rival that was shown", () => {
    expect(reaches({ shown: "1.000894", offered: [] }, "1.000894")).toBe(true);
    expect(reaches({ shown: null, offered: ["1.004873", "1.000894"] }, "1.000894")).toBe(true);
    expect(reaches({ shown: "1.004873", offered: ["1.000894"] }, "1.000894")).toBe(false);
    expect(reaches({ shown: null, offered: [] }, "1.000894")).toBe(false);
    expect(reaches(undefined, "1.000894")).toBe(false);
  });
});

describe("alias comparison", () => {
  it("treats one typo as near and different words as different", () => {
    expect(withinOneEdit("sao y ban chinh", "sao y ban chin")).toBe(true);
    expect(withinOneEdit("cap lai so do", "cap doi so do")).toBe(false);
    expect(withinOneEdit("khai sinh", "khai tu")).toBe(false);
  });

  it("compares names and aliases, not keywords, of different procedures only", async () => {
    const catalog = await loadCatalog(FIXTURE);
    expect(aliasFindings(catalog.procedures, catalog.synonyms.stopwords)).toEqual([]);
    const [first, second] = catalog.procedures;
    const shared = [{ ...first!, keywords: ["độc thân"] }, { ...second!, keywords: ["độc thân"] }];
    expect(aliasFindings(shared, [])).toEqual([]);
    const same = [first!, { ...first!, id: "copy", code: "1.999999" }];
    expect(aliasFindings(same, []).filter((finding) => finding.level === "error").length).toBe(1 + first!.aliases.length);
  });
});

describe("names that swallow a question", () => {
  it("warns when an alias ends with the first words of a longer section cue, diacritics counted", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const sections = catalog.lexicon!.sections;
    const lexicon = { ...catalog.lexicon!, sections: { ...sections, where: ["ở xã nào"], legal: ["cơ sở pháp lý"], generic: { ...sections.generic, where: ["xã làm được không"] } } };
    const [first] = catalog.procedures;
    const swallowing = { ...first!, aliases: ["khai tử ở xã"], keywords: ["chưa có sổ", "việc do xã làm"] };
    const findings = cueTailFindings([swallowing], lexicon);
    expect(findings.map((finding) => finding.field)).toEqual(["aliases", "keywords"]);
    expect(findings[0]!.message).toContain('"khai tử ở xã"');
    // A generic frame is a question too.
    expect(findings[1]!.message).toContain('"xã làm được không"');
    expect(cueTailFindings([{ ...first!, aliases: ["khai tử"], keywords: [] }], lexicon)).toEqual([]);
  });
});

describe("content list", () => {
  it("lists every procedure by field with fee, time, online level and review date", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const rows = listRows(catalog, "2026-11-28");
    expect(rows.map((row) => row.code)).toEqual(["1.000894*", "1.004873", "2.000815", "(chưa có mã)"]);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get("Cấp Giấy xác nhận tình trạng hôn nhân")).toEqual(
      expect.objectContaining({ field: "Hộ tịch", fee: "5.000 đồng/trường hợp", time: "3 ngày làm việc", online: "Toàn trình", reviewed: "01/11/2026" }),
    );
    expect(byName.get("Chứng thực bản sao từ bản chính")).toEqual(expect.objectContaining({ fee: "2.000 đồng", time: "Trong ngày", online: "Một phần" }));
    expect(byName.get("Đăng ký kết hôn")?.fee).toBe("Miễn");
    expect(byName.get("Chuyển mục đích sử dụng đất")).toEqual(
      expect.objectContaining({ fee: "Phí thẩm định: 100.000 đồng", time: "Xem chi tiết", unverified: "Mã: Chưa tìm được mã quốc gia. | Thời hạn chưa xác định." }),
    );
    // From the new resolution's date the new amount is listed.
    expect(listRows(catalog, "2027-01-01").find((row) => row.code === "1.004873")?.fee).toBe("7.000 đồng/trường hợp");
    expect(listRows(catalog, "2026-11-28", "land").map((row) => row.code)).toEqual(["(chưa có mã)"]);
  });

  it("prints an aligned table", async () => {
    const table = formatTable(listRows(await loadCatalog(FIXTURE), "2026-11-28"), 20);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^Mã {11}\| Tên thủ tục {10}\| Lĩnh vực/);
    expect(lines[3]).toContain("| Cấp Giấy xác nhận t… |");
    expect(new Set(lines.slice(0, 6).map((line) => line.indexOf("|")))).toEqual(new Set([13]));
    expect(table).toContain("4 thủ tục.");
  });

  it("prints CSV that spreadsheets read: BOM, quoted commas and quotes, CRLF", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const rows = listRows(catalog, "2026-11-28");
    rows[0]!.name = 'Tên "có" ngoặc, và phẩy';
    const csv = formatCsv(rows);
    expect(csv.startsWith("\uFEFFMã,Tên thủ tục,Lĩnh vực,Lệ phí,Thời hạn,Trực tuyến,Rà soát,")).toBe(true);
    expect(csv).toContain('1.000894*,"Tên ""có"" ngoặc, và phẩy",Hộ tịch,Miễn,1 ngày làm việc,Một phần,01/06/2025');
    expect(csv.split("\r\n")).toHaveLength(rows.length + 2);
    expect(formatCsv(rows, false).startsWith("Mã,")).toBe(true);
  });
});
