import { writeFileSync } from "node:fs";
import { join } from "node:path";
import writeXlsxFile from "write-excel-file/node";
import { describe, expect, it } from "vitest";
import { RegisterError } from "../src/dossiers/register/errors.js";
import { importRegister } from "../src/dossiers/register/import.js";
import { readMapping } from "../src/dossiers/register/mapping.js";
import { tempDir } from "./helpers/app.js";
import { at, dossierStores } from "./helpers/dossiers.js";
import type { RecordsBackend } from "./helpers/records.js";

// A register as a desk exports it from Excel with a Vietnamese locale: BOM, semicolons, a title
// above the header, headers without diacritics, personal columns, mixed date and status forms.
const MESSY_CSV = [
  "\ufeffSỔ THEO DÕI HỒ SƠ - UBND XÃ THỬ;;;;;;;;;;",
  "Từ ngày 01/02/2026 đến ngày 12/02/2026;;;;;;;;;;",
  "STT;ma ho so;Ten thu tuc;Ma TTHC;Chu ho so;So dien thoai;Dia chi;Ngay tiep nhan;Ngay hen tra;TRANG THAI;Ghi chu",
  `1;000.00.15.H31-260202-0001;Đăng ký khai sinh;1.001193;NGUYỄN VĂN AN;0912345678;12 Lê Lợi;02/02/2026 08:15;03/02/2026;Đã trả kết quả;`,
  `2;000.00.15.h31 - 260203 - 0002;Xác nhận tình trạng hôn nhân;1.004873;Trần Thị Bình;0987654321;"Thôn 3, xã Thử";2026-02-03T09:00:00;2026-02-06;4;`,
  `3;G09.20-20260204-0000003;Chứng thực chữ ký;2.000884;Lê C;;;20260204101500;20260204;"Cần bổ sung";"Bản sao CCCD; giấy ủy quyền"`,
  ";;;;;;;;;;",
  `4;000.00.15.H31-260205-0004;Đăng ký kết hôn;1.000894;Phạm D;;;05/02/2026;31/02/2026;dang xu ly;`,
  `5;ABC-123;Đăng ký khai tử;1.000656;Võ E;;;05/02/2026;06/02/2026;2;`,
  `6;000.00.15.H31-260206-0006;Đăng ký khai tử;1.000656;Võ F;;;06/02/2026;09/02/2026;chờ ông trời;`,
  `7;000.00.15.H31-260202-0001;Đăng ký khai sinh;1.001193;Nguyễn Văn An;;;02/02/2026;03/02/2026;10;`,
  `8;000.00.15.H31-260207-0008;Đăng ký khai tử;1.000656;Đỗ G;;;10/02/2026;06/02/2026;2;`,
  `9;000.00.15.H31-260209-0009;Chứng thực bản sao;2.000815;Hồ H;;;09/02/2026 14h30;09/02/2026;da co ket qua;`,
].join("\r\n");

const openStore = dossierStores();

describe.each<RecordsBackend>(["sqlite", "postgres"])("register import on %s", (backend) => {
  const dir = tempDir("motcua-import-");
  const setup = () => openStore(backend);

  it("imports a messy CSV: valid rows in, each bad row rejected with its line and reason, personal columns never read", async () => {
    const { services, records } = await setup();
    const file = join(dir.path, "so-theo-doi.csv");
    writeFileSync(file, MESSY_CSV);
    const report = await importRegister(file, services);
    expect(report).toMatchObject({ rows: 9, accepted: 4, updated: 0, unchanged: 0, statusChanges: 0 });
    expect(report.ignoredColumns).toEqual(["STT", "So dien thoai", "Dia chi"]);
    expect(report.columns).toMatchObject({ code: "ma ho so", status: "TRANG THAI", dueAt: "Ngay hen tra", applicant: "Chu ho so" });
    expect(report.rejected.map((row) => [row.line, row.code])).toEqual([
      [8, "000.00.15.H31-260205-0004"],
      [9, null],
      [10, "000.00.15.H31-260206-0006"],
      [11, "000.00.15.H31-260202-0001"],
      [12, "000.00.15.H31-260207-0008"],
    ]);
    const reasons = report.rejected.map((row) => row.reason);
    expect(reasons[0]).toMatch(/^Ngay hen tra: "31\/02\/2026" is not a date/);
    expect(reasons[1]).toMatch(/^ma ho so: "ABC-123" is not a receipt code/);
    expect(reasons[2]).toMatch(/^TRANG THAI: "chờ ông trời" is not a status/);
    expect(reasons[3]).toMatch(/line 4; keep one line per dossier/);
    expect(reasons[4]).toBe("Ngay hen tra: is before the received date");

    const first = await services.store.find("000.00.15.H31-260202-0001");
    expect(first).toMatchObject({ status: 10, applicant: "Nguyễn V. A.", receivedAt: at("2026-02-02", 8, 15), dueAt: at("2026-02-03", 0), procedureCode: "1.001193" });
    expect(await services.store.find("000.00.15.H31-260203-0002")).toMatchObject({ status: 4, applicant: "Trần T. B.", receivedAt: at("2026-02-03", 9) });
    expect(await services.store.find("G09.20-20260204-0000003")).toMatchObject({ status: 5, note: "Bản sao CCCD; giấy ủy quyền", receivedAt: at("2026-02-04", 10, 15) });
    expect(await services.store.find("000.00.15.H31-260209-0009")).toMatchObject({ status: 9, receivedAt: at("2026-02-09", 14, 30) });
    // Nothing personal beyond the masked name reaches the store.
    const stored = JSON.stringify(await records.database.db.withTables<{ dossiers: Record<string, unknown> }>().selectFrom("dossiers").selectAll().execute());
    expect(stored).not.toMatch(/0912345678|Lê Lợi|Thôn 3|Văn An|Thị Bình/);
  });

  it("is idempotent, appends history only for real status changes, and a dry run changes nothing", async () => {
    const { services, clock } = await setup();
    const file = join(dir.path, `register-${backend}.csv`);
    writeFileSync(file, MESSY_CSV);
    await importRegister(file, services);
    clock.advance(3_600_000);
    expect(await importRegister(file, services)).toMatchObject({ accepted: 0, updated: 0, unchanged: 4, statusChanges: 0 });

    writeFileSync(file, MESSY_CSV.replace(";2026-02-06;4;", ";2026-02-06;9;"));
    const dry = await importRegister(file, services, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, updated: 1, statusChanges: 1 });
    expect((await services.store.find("000.00.15.H31-260203-0002"))?.status).toBe(4);

    expect(await importRegister(file, services)).toMatchObject({ updated: 1, unchanged: 3, statusChanges: 1 });
    const dossier = (await services.store.find("000.00.15.H31-260203-0002"))!;
    expect((await services.store.history(dossier.id)).map((entry) => entry.status)).toEqual([9, 4]);
    expect(await services.store.lastImportAt()).toBe(clock.now());
  });

  it("reads an XLSX export with the national exchange's column names and spreadsheet dates", async () => {
    const { services } = await setup();
    const file = join(dir.path, `export-${backend}.xlsx`);
    const cell = (value: unknown) => (value === null ? null : typeof value === "object" ? { value, format: "dd/mm/yyyy hh:mm" } : { value });
    const rows = [
      ["Danh sách hồ sơ", null, null, null, null, null, null],
      ["MaHoSo", "MaTTHC", "ChuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra"],
      ["G09.20-20260609-0092637", "1.004873", "Hoàng Minh Châu", "20260609083000", "20260612170000", 10, new Date(Date.UTC(2026, 5, 11, 15, 0))],
      ["G09.20-20260610-0092638", "2.000815", "Bùi An", new Date(Date.UTC(2026, 5, 10, 9, 5)), "12/06/2026", "Đang giải quyết", null],
    ].map((row) => row.map(cell));
    await writeXlsxFile(rows as never).toFile(file);
    const report = await importRegister(file, services);
    expect(report).toMatchObject({ sheet: "Sheet1", rows: 2, accepted: 2, rejected: [] });
    expect(await services.store.find("G09.20-20260609-0092637")).toMatchObject({
      status: 10,
      applicant: "Hoàng M. C.",
      receivedAt: at("2026-06-09", 8, 30),
      dueAt: at("2026-06-12", 17),
      returnedAt: at("2026-06-11", 15),
    });
    expect((await services.store.find("G09.20-20260610-0092638"))?.receivedAt).toBe(at("2026-06-10", 9, 5));
  });
});

describe("register files that cannot be imported change nothing", () => {
  const dir = tempDir("motcua-import-bad-");

  async function attempt(name: string, content: string | Buffer) {
    const { services } = await openStore("sqlite");
    const file = join(dir.path, name);
    writeFileSync(file, content);
    const error = await importRegister(file, services).then(() => undefined, (caught: unknown) => caught);
    expect(await services.store.count()).toBe(0);
    return error as Error;
  }

  it.each([
    ["no-status.csv", "Mã hồ sơ,Tên thủ tục\n000.00.15.H31-260202-0001,Khai sinh\n", /no column for status/],
    ["unknown.csv", "a,b,c\n1,2,3\n", /no header row/],
    ["quote.csv", 'Mã hồ sơ,Trạng thái\n"000.00.15.H31-260202-0001,4\n', /not a readable CSV/],
    ["legacy.csv", Buffer.from([0x4d, 0xe3, 0x20, 0x68, 0xf4, 0x20, 0x73, 0xa1, 0x2c, 0x54, 0x72, 0x0a]), /not UTF-8/],
    ["old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /old Excel/],
    ["broken.xlsx", Buffer.from("PK\u0003\u0004 not really a zip"), /not a readable XLSX/],
  ])("%s", async (name, content, message) => {
    const error = await attempt(name, content);
    expect(error).toBeInstanceOf(RegisterError);
    expect(error.message).toMatch(message);
  });

  it("a mapping file names other headers and adds status wordings", async () => {
    const { services } = await openStore("sqlite");
    const mappingFile = join(dir.path, "mapping.yaml");
    writeFileSync(mappingFile, 'columns:\n  code: "Số HS"\n  status: "TT xử lý"\n  dueAt: "Hạn"\nstatuses:\n  "Chờ ký số": 4\n');
    const file = join(dir.path, "other.csv");
    writeFileSync(file, "Số HS,TT xử lý,Hạn\n000.00.15.H31-260202-0001,Chờ ký số,05/02/2026\n");
    const report = await importRegister(file, services, { mapping: await readMapping(mappingFile) });
    expect(report).toMatchObject({ accepted: 1, rejected: [] });
    expect(await services.store.find("000.00.15.H31-260202-0001")).toMatchObject({ status: 4, dueAt: at("2026-02-05", 0) });
    writeFileSync(mappingFile, "columns:\n  kode: x\n");
    await expect(readMapping(mappingFile)).rejects.toThrow(/mapping file .* is invalid/);
  });
});
