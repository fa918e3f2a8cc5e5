import { describe, expect, it } from "vitest";
import { findReceiptCode } from "../src/dossiers/receipt-code.js";

describe("findReceiptCode", () => {
  it.each([
    ["000.00.15.H31-251002-0007", "000.00.15.H31-251002-0007"],
    ["tra cứu hồ sơ g09.20-20260609-0092637 giúp tôi", "G09.20-20260609-0092637"],
    ["ho so 000.00.15.h31 251002 0007 den dau roi", "000.00.15.H31-251002-0007"],
    ["G09.20 – 20260609 – 0092637", "G09.20-20260609-0092637"],
    ["G15.20-251231-1234.", "G15.20-251231-1234"],
  ])("finds %j", (text, code) => {
    expect(findReceiptCode(text)).toEqual({ kind: "code", code });
  });

  it("reports code-like text that does not parse as malformed", () => {
    expect(findReceiptCode("mã G09.20-2026 của tôi")).toEqual({ kind: "malformed" });
    expect(findReceiptCode("G09.20-20261399-0092637")).toEqual({ kind: "malformed" });
  });

  it("finds nothing in ordinary questions or procedure codes", () => {
    expect(findReceiptCode("làm giấy khai sinh")).toEqual({ kind: "none" });
    expect(findReceiptCode("thủ tục 1.001193")).toEqual({ kind: "none" });
    expect(findReceiptCode("sao y 10 trang thi bao nhieu tien")).toEqual({ kind: "none" });
    expect(findReceiptCode("mã thủ tục 2.000986.000.00.00.H12 cần giấy tờ gì")).toEqual({ kind: "none" });
    expect(findReceiptCode("phòng A12.03 ở đâu")).toEqual({ kind: "none" });
  });
});
