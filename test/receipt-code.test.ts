import { describe, expect, it } from "vitest";
import { findReceiptCode, normalizeReceiptCode } from "../src/dossiers/receipt-code.js";

describe("findReceiptCode", () => {
  it.each([
    ["000.00.15.H31-251002-0007", "000.00.15.H31-251002-0007"],
    ["tra cứu hồ sơ g09.20-20260609-0092637 giúp tôi", "G09.20-20260609-0092637"],
    ["ho so 000.00.15.h31 251002 0007 den dau roi", "000.00.15.H31-251002-0007"],
    ["hồ sơ 000.00.15.h31 - 251002 - 0007 đến đâu rồi", "000.00.15.H31-251002-0007"],
    ["/hoso G09.20-20260609-0092637", "G09.20-20260609-0092637"],
    ["G09.20 – 20260609 – 0092637", "G09.20-20260609-0092637"],
    ["G09.20—20260609—0092637", "G09.20-20260609-0092637"],
    ["G09.20\u221220260609\u22120092637", "G09.20-20260609-0092637"],
    ["G15.20-251231-1234.", "G15.20-251231-1234"],
    ["mã: 000 . 00 . 15 . H31 -251002- 0007.", "000.00.15.H31-251002-0007"],
    ["000.00.15.H31.-.251002.-.0007", "000.00.15.H31-251002-0007"],
    ["G09.20_20260609_0092637", "G09.20-20260609-0092637"],
    ["Mã hồ sơ:G09.20-20260609-0092637, hẹn trả 15/6", "G09.20-20260609-0092637"],
  ])("finds %j", (text, code) => {
    expect(findReceiptCode(text)).toEqual({ kind: "code", code });
  });

  it("reports code-like text that does not parse as malformed", () => {
    expect(findReceiptCode("mã G09.20-2026 của tôi")).toEqual({ kind: "malformed" });
    expect(findReceiptCode("G09.20-20261399-0092637")).toEqual({ kind: "malformed" });
    expect(findReceiptCode("000.00.15.H31-251302-0007")).toEqual({ kind: "malformed" });
    // A code cut short: the agency's three groups and one number.
    expect(findReceiptCode("H42.25.06-000187 tra cứu giúp tôi")).toEqual({ kind: "malformed" });
  });

  it.each([
    "làm giấy khai sinh",
    "thủ tục 1.001193",
    "sao y 10 trang thi bao nhieu tien",
    "mã thủ tục 2.000986.000.00.00.H12 cần giấy tờ gì",
    "phòng A12.03 ở đâu",
    "số điện thoại 0912 345 678",
    "gọi 0912.345.678 giúp",
    "+84 912-345-678",
    "0225 000 0000",
    "hẹn ngày 15/10/2025 lúc 14.30",
    "ngày 2025-10-15",
    "hẹn 15.10.2025 - 0007",
    "CCCD 001203004567",
    "Quyết định số 123/2025/QĐ-UBND",
    "Nghị định 118/2025/NĐ-CP",
    "QCVN 102:2016",
    "lệ phí 10.000.000 - 20.000.000 đồng",
    "1.001193-251002-0007 là gì",
  ])("finds nothing in %j", (text) => {
    expect(findReceiptCode(text)).toEqual({ kind: "none" });
  });

  it("never scans more than the start of a huge text", () => {
    expect(findReceiptCode(`${"a ".repeat(5_000)}G09.20-20260609-0092637`)).toEqual({ kind: "none" });
  });
});

describe("normalizeReceiptCode", () => {
  it("canonicalises a cell holding only a code", () => {
    expect(normalizeReceiptCode(" g09.20 - 20260609 - 0092637 ")).toBe("G09.20-20260609-0092637");
    expect(normalizeReceiptCode("000.00.15.H31-251002-0007")).toBe("000.00.15.H31-251002-0007");
  });

  it("refuses anything else", () => {
    expect(normalizeReceiptCode("hồ sơ G09.20-20260609-0092637")).toBeUndefined();
    expect(normalizeReceiptCode("G09.20-20261399-0092637")).toBeUndefined();
    expect(normalizeReceiptCode("")).toBeUndefined();
    expect(normalizeReceiptCode("12345")).toBeUndefined();
  });
});
