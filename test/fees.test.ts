import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vietnamToday } from "../src/catalog/fees.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog, Procedure } from "../src/catalog/schema.js";
import { sectionReply } from "../src/core/cards.js";
import { messagesFor } from "../src/core/messages/index.js";
import { catalogCopies, contentIssues as issuesOf } from "./helpers/fixture-catalog.js";

const FIXTURE = "test/fixtures/catalog";
const fixtureCopy = catalogCopies(FIXTURE);

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

function procedure(catalog: Catalog, code: string): Procedure {
  const found = catalog.procedures.find((item) => item.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

function feeText(catalog: Catalog, code: string, today: string, language: "vi" | "en" = "vi"): string {
  const messages = messagesFor(language);
  const reply = sectionReply(procedure(catalog, code), "fees", { office: catalog.office, messages, today });
  return reply.blocks.filter((block) => block.title === messages.sectionTitles.fees).flatMap((block) => block.lines).join("\n");
}

/**
 * Fee rows (under a resolution "nq2") whose mistakes show only across rows: 2.000815's fee is
 * national, and LOCAL-001 has two amounts in force at once.
 */
const CROSS_ROW_MISTAKES = [
  "fees:",
  '  - code: "2.000815"',
  "    amount: 1000",
  "    resolution: nq2",
  '  - code: "LOCAL-001"',
  "    amount: 1000",
  "    resolution: nq2",
  '  - code: "LOCAL-001"',
  "    amount: 2000",
  "    resolution: nq2",
];

describe("provincial fee tables", () => {
  it("picks the office province's table and shows its amount with the resolution", async () => {
    const catalog = await loadCatalog(FIXTURE);
    expect(catalog.feeTables.map((table) => table.province).sort()).toEqual(["Tỉnh Hai", "Tỉnh Một"]);
    expect(catalog.feeTable?.province).toBe("Tỉnh Một");
    const text = feeText(catalog, "1.004873", "2026-11-28");
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Mức thu tại Tỉnh Một: 5.000 đồng/trường hợp.",
      "Theo Nghị quyết số 10/2020/NQ-HĐND của HĐND tỉnh, áp dụng từ 01/08/2020.",
    ]);
  });

  it("announces a later resolution's amount and switches to it on its effective date", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const before = feeText(catalog, "1.004873", "2026-12-31");
    expect(before).toContain("Từ ngày 01/01/2027: Mức thu tại Tỉnh Một: 7.000 đồng/trường hợp.");
    const after = feeText(catalog, "1.004873", "2027-01-01");
    expect(after).toContain("Mức thu tại Tỉnh Một: 7.000 đồng/trường hợp.");
    expect(after).toContain("20/2026/NQ-HĐND");
    expect(after).not.toContain("5.000");
    expect(after).not.toContain("10/2020/NQ-HĐND");
  });

  it("shows online-filing reductions that apply to the procedure's topic", async () => {
    const catalog = await loadCatalog(FIXTURE);
    expect(feeText(catalog, "1.004873", "2026-11-28")).toContain("Nộp hồ sơ trực tuyến: miễn khoản này.");
    expect(feeText(catalog, "1.004873", "2026-11-28", "en")).toContain("Filed online: this is waived.");
    // The reduction's resolution takes effect on 2026-01-01.
    expect(feeText(catalog, "1.004873", "2025-12-31")).not.toContain("trực tuyến");
    // A land procedure is not in the civil-status reduction.
    expect(feeText(catalog, "LOCAL-001", "2026-11-28")).not.toContain("trực tuyến");
  });

  it("shows a labelled amount for a procedure with several charges", async () => {
    const catalog = await loadCatalog(FIXTURE);
    expect(feeText(catalog, "LOCAL-001", "2026-11-28")).toContain("Phí thẩm định tại Tỉnh Một: 100.000 đồng.");
  });

  it("another province is a data change: office.yaml names it and its table applies", async () => {
    const dir = fixtureCopy((path) => replaceIn(join(path, "office.yaml"), 'province: "Tỉnh Một"', 'province: "tinh hai"'));
    const catalog = await loadCatalog(dir);
    expect(catalog.feeTable?.province).toBe("Tỉnh Hai");
    const text = feeText(catalog, "1.004873", "2026-11-28");
    expect(text).toContain("Mức thu tại tinh hai: 3.000 đồng.");
    expect(text).toContain("chưa được đối chiếu với nghị quyết");
    // Tỉnh Hai has no amount for this one and no legacy amount either.
    expect(feeText(catalog, "LOCAL-001", "2026-11-28")).toContain("bot chưa có mức của tinh hai");
  });

  it("falls back to a procedure file's own byProvince amount when the table has none", async () => {
    const dir = fixtureCopy((path) => replaceIn(join(path, "office.yaml"), 'province: "Tỉnh Một"', 'province: "Tỉnh Ba"'));
    const catalog = await loadCatalog(dir);
    expect(catalog.feeTable).toBeNull();
    expect(feeText(catalog, "LOCAL-001", "2026-11-28")).toContain("Mức thu tại Tỉnh Ba: 50.000 đồng");
    expect(feeText(catalog, "1.004873", "2026-11-28")).toContain("bot chưa có mức của Tỉnh Ba");
  });

  it("keeps national fees national whatever the province", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const text = feeText(catalog, "2.000815", "2026-11-28");
    expect(text).toContain("Mức thu: 2.000 đồng.");
    expect(text).not.toContain("Tỉnh Một");
  });

  it("reports table mistakes with file, field and a fix", async () => {
    const dir = fixtureCopy((path) => {
      const file = join(path, "fees", "tinh-mot.yaml");
      replaceIn(file, 'code: "LOCAL-001"', 'code: "9.999999"');
      replaceIn(file, "resolution: nq-truc-tuyen", "resolution: nq-khong-co");
      writeFileSync(
        join(path, "fees", "tinh-mot-ban-sao.yaml"),
        [
          'province: "TỈNH MỘT"',
          "resolutions:",
          "  - id: nq",
          '    title: "Thiếu số"',
          "  - id: nq2",
          '    number: "1/2024/NQ-HĐND"',
          '    title: "Trùng thời gian"',
          "    effective: 2024-01-01",
          ...CROSS_ROW_MISTAKES,
        ].join("\n"),
      );
    });
    const issues = await issuesOf(dir);
    const find = (file: string, field: string, text: string) =>
      issues.find((issue) => issue.file === file && issue.field.startsWith(field) && issue.message.includes(text));
    expect(find("fees/tinh-mot.yaml", "fees.2.code", "no procedure has code 9.999999")).toBeDefined();
    expect(find("fees/tinh-mot.yaml", "onlineFiling.0.resolution", "nq-khong-co")).toBeDefined();
    expect(find("fees/tinh-mot-ban-sao.yaml", "resolutions.0.number", "effective date")).toBeDefined();
    expect(issues.map((issue) => issue.message).join("\n")).not.toContain("two amounts");
  });

  it("reports cross-row mistakes once the file itself is valid", async () => {
    const dir = fixtureCopy((path) =>
      writeFileSync(
        join(path, "fees", "z-tinh-mot.yaml"),
        [
          'province: "tỉnh một"',
          "resolutions:",
          "  - id: nq2",
          '    number: "1/2024/NQ-HĐND"',
          '    title: "Trùng thời gian"',
          "    effective: 2024-01-01",
          "  - id: nq2",
          '    number: "2/2024/NQ-HĐND"',
          '    title: "Trùng id"',
          "    effective: 2024-06-01",
          ...CROSS_ROW_MISTAKES,
        ].join("\n"),
      ),
    );
    const messages = (await issuesOf(dir)).filter((issue) => issue.file === "fees/z-tinh-mot.yaml").map((issue) => `${issue.field}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^province: .*already has a fee table \(fees\/tinh-mot\.yaml\)/),
        expect.stringMatching(/^resolutions\.1\.id: id "nq2" is used twice/),
        expect.stringMatching(/^fees\.0\.code: 2\.000815 says its fee is set by "national"/),
        expect.stringMatching(/^fees\.2: LOCAL-001 has two amounts in force at the same time/),
      ]),
    );
  });

  it("says so when not even the body that sets a fee is known", async () => {
    const dir = fixtureCopy((path) =>
      replaceIn(join(path, "procedures", "2.000815-chung-thuc-ban-sao.yaml"), "  setBy: national\n  amount: 2000\n", "  setBy: unknown\n"),
    );
    const text = feeText(await loadCatalog(dir), "2.000815", "2026-11-28");
    expect(text.split("\n")[0]).toBe("Mức thu và cơ quan quy định mức thu chưa được xác minh; bạn vui lòng hỏi Bộ phận Một cửa.");
  });

  it("judges dates in Vietnam time", () => {
    expect(vietnamToday(new Date("2026-12-31T16:59:00Z"))).toBe("2026-12-31");
    expect(vietnamToday(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01");
  });
});

describe("procedure facts on the card", () => {
  const context = (catalog: Catalog, today: string) => ({ office: catalog.office, messages: messagesFor("vi"), today });

  it("says when a national code is not confirmed or not known", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const header = (code: string) => sectionReply(procedure(catalog, code), "time", context(catalog, "2026-11-28")).blocks[0]!.lines[0];
    expect(header("2.000815")).toBe("Mã thủ tục: 2.000815");
    expect(header("1.000894")).toBe("Mã thủ tục: 1.000894 (chưa đối chiếu với Cơ sở dữ liệu quốc gia về TTHC)");
    expect(header("LOCAL-001")).toBe("Mã thủ tục quốc gia: chưa xác định được.");
  });

  it("shows a dated note only from its date, and an until-note only before", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const notes = (today: string) =>
      sectionReply(procedure(catalog, "1.004873"), "time", context(catalog, today))
        .blocks.filter((block) => block.title === "Ghi chú:")
        .flatMap((block) => block.lines);
    expect(notes("2027-02-28")).toEqual(["• Ghi chú không hạn.", "• Luật mới sắp có hiệu lực."]);
    expect(notes("2027-03-01")).toEqual(["• Ghi chú không hạn.", "• Luật mới đã có hiệu lực."]);
  });

  it("rejects a LOCAL code without saying why and a note whose dates are reversed", async () => {
    const dir = fixtureCopy((path) => {
      replaceIn(join(path, "procedures", "LOCAL-001-chuyen-muc-dich-su-dung-dat.yaml"), 'codeUnverified: "Chưa tìm được mã quốc gia."\n', "");
      replaceIn(join(path, "procedures", "1.004873-xac-nhan-tinh-trang-hon-nhan.yaml"), "until: 2027-03-01", "until: 2026-03-01\n    from: 2027-01-01");
    });
    const issues = await issuesOf(dir);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "procedures/LOCAL-001-chuyen-muc-dich-su-dung-dat.yaml", field: "codeUnverified" }),
        expect.objectContaining({ file: "procedures/1.004873-xac-nhan-tinh-trang-hon-nhan.yaml", message: "until must be after from" }),
      ]),
    );
  });

  it("shows what the citizen receives", async () => {
    const catalog = await loadCatalog(FIXTURE);
    const { procedureCard } = await import("../src/core/cards.js");
    const card = procedureCard(procedure(catalog, "1.004873"), context(catalog, "2026-11-28"));
    expect(card.blocks).toContainEqual({ title: "Kết quả nhận được", lines: ["Giấy xác nhận tình trạng hôn nhân."] });
  });
});
