import { describe, expect, it } from "vitest";
import { maskName } from "../src/dossiers/mask.js";
import { readRegisterDate } from "../src/dossiers/register-dates.js";
import { parseStatus } from "../src/dossiers/status.js";
import { at } from "./helpers/dossiers.js";

describe("parseStatus", () => {
  it.each([
    ["4", 4], [10, 10], ["10.0", 10], ["04", 4], ["TT9", 9],
    ["Đã tiếp nhận", 2], ["da tiep nhan", 2], ["Không được tiếp nhận", 3], ["KHONG TIEP NHAN", 3],
    ["Đang giải quyết", 4], ["Chờ ký", 4], ["Đang xử lý (quá hạn)", 4], ["Yêu cầu bổ sung hồ sơ", 5],
    ["Chờ thực hiện nghĩa vụ tài chính", 6], ["Công dân rút hồ sơ", 7], ["Dừng xử lý", 8],
    ["Đã có kết quả", 9], ["Chờ trả kết quả", 9], ["Đã trả kết quả", 10], ["Đã trả kết quả đúng hạn", 10],
    ["Đăng ký trực tuyến", 1],
  ])("%j → %s", (value, status) => {
    expect(parseStatus(value)).toBe(status);
  });

  it.each(["0", "11", "", "chờ ông trời", null, 4.5])("refuses %j", (value) => {
    expect(parseStatus(value)).toBeUndefined();
  });
});

describe("maskName", () => {
  it.each([
    ["Nguyễn Văn An", "Nguyễn V. A."],
    ["  NGUYỄN   VĂN AN ", "Nguyễn V. A."],
    ["Trần Thị Bích Ngọc", "Trần T. B. N."],
    ["An", "An"],
    ["Lê Văn C, 12 Lê Lợi, 0912345678", "Lê V. C."],
    ["Phạm D (CCCD 001203004567)", "Phạm D."],
    ["0912345678", null],
    ["", null],
    [null, null],
  ])("%j → %j", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe("readRegisterDate", () => {
  it.each([
    ["15/10/2025", at("2025-10-15", 0)],
    ["5/2/2026 8:05", at("2026-02-05", 8, 5)],
    ["05.02.2026 14h30", at("2026-02-05", 14, 30)],
    ["14:30 05/02/2026", at("2026-02-05", 14, 30)],
    ["05-02-26", at("2026-02-05", 0)],
    ["2026-02-05", at("2026-02-05", 0)],
    ["2026-02-05 14:30:00", at("2026-02-05", 14, 30)],
    ["2026-02-05T07:30:00Z", at("2026-02-05", 14, 30)],
    ["20260205143000", at("2026-02-05", 14, 30)],
    ["20260205", at("2026-02-05", 0)],
    [20260205143000, at("2026-02-05", 14, 30)],
    [46058, at("2026-02-05", 0)],
    [new Date(Date.UTC(2026, 1, 5, 14, 29, 59, 999)), at("2026-02-05", 14, 30)],
  ])("%j", (value, instant) => {
    expect(readRegisterDate(value)).toEqual({ ok: true, value: instant });
  });

  it("reads empty cells as no date", () => {
    expect(readRegisterDate("  ")).toEqual({ ok: true, value: null });
    expect(readRegisterDate(null)).toEqual({ ok: true, value: null });
  });

  it.each(["31/02/2026", "2026-13-01", "15/10/2025 25:00", "mai", "12", "15/10/1890", "20261340"])("refuses %j with a reason", (value) => {
    const read = readRegisterDate(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason.length).toBeGreaterThan(5);
  });
});
