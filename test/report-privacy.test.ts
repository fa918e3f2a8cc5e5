import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findReceiptCode } from "../src/dossiers/receipt-code.js";
import { groupWordings } from "../src/reports/grouping.js";
import { MAX_LOGGED_LENGTH, normalizeForLog, scrubPersonalData } from "../src/reports/scrub.js";

describe("usage log texts: personal data removed, folded", () => {
  it.each([
    ["Tôi là Nguyễn Văn An, sđt 0912 345 678, muốn hỏi làm giấy khai sinh", "toi la <ten> sdt <sdt> muon hoi lam giay khai sinh"],
    ["em là người dân xã, cho hỏi hồ sơ 000.00.15.H31-251002-0007 đến đâu", "em la nguoi dan xa cho hoi ho so <ma-ho-so> den dau"],
    ["mã g09.20 – 20260609 – 0092637 của tôi", "ma <ma-ho-so> cua toi"],
    ["tên con tôi là Minh Khôi sinh ngày 12/05/2024 thì làm khai sinh thế nào", "ten con toi la <ten> sinh ngay <ngay> thi lam khai sinh the nao"],
    ["CCCD 001203004567 bị mất thì làm lại ở đâu", "cccd <so-giay-to> bi mat thi lam lai o dau"],
    ["liên hệ abc.def@gmail.com hoặc +84 912.345.678", "lien he <email> hoac <sdt>"],
    ["toi ten tran thi bich ngoc o thon 3 muon hoi", "toi ten <ten> o thon 3 muon hoi"],
    ["họ tên: Lê Hồng Phúc; địa chỉ thôn Đông", "ho ten <ten> dia chi thon dong"],
  ])("%s", (raw, logged) => {
    expect(normalizeForLog(raw)).toBe(logged);
  });

  it("keeps what is about the catalog: procedure words, a national procedure code, small numbers", () => {
    expect(normalizeForLog("đổi tên cho con được không")).toBe("doi ten cho con duoc khong");
    expect(normalizeForLog("thủ tục 1.001193 cần mấy bản sao, 2 bản được không")).toBe("thu tuc 1 001193 can may ban sao 2 ban duoc khong");
    expect(normalizeForLog("cải chính tên trong giấy khai sinh")).toBe("cai chinh ten trong giay khai sinh");
  });

  it("shows placeholders in the readable form and never echoes a removed value", () => {
    const readable = scrubPersonalData("Tôi là Trần B, gọi 0987654321");
    expect(readable).toBe("Tôi là <ten>, gọi <sdt>");
  });

  it("cuts long messages at a word", () => {
    const logged = normalizeForLog("khai sinh ".repeat(100));
    expect(logged.length).toBeLessThanOrEqual(MAX_LOGGED_LENGTH);
    expect(logged.endsWith("khai sinh") || logged.endsWith("khai")).toBe(true);
  });

  it("lets no phone number, ID number or receipt code through, however it is written", () => {
    const phone = fc
      .tuple(fc.constantFrom("0", "+84 ", "84"), fc.constantFrom("9", "3", "8", "7"), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), fc.constantFrom("", " ", ".", "-"))
      .map(([prefix, first, rest, separator]) => `${prefix}${first}${rest.slice(0, 2).join("")}${separator}${rest.slice(2, 5).join("")}${separator}${rest.slice(5).join("")}`);
    const idNumber = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }).map((digits) => digits.join(""));
    const receipt = fc
      .tuple(
        fc.constantFrom("000.00.15.H31", "g09.20", "H31.20.1", "000.25.40.k08"),
        fc.constantFrom("251002", "20260609", "260115"),
        fc.constantFrom("0007", "0092637", "1234"),
        fc.constantFrom("-", " - ", "–", " ", "_"),
      )
      .map(([agency, date, sequence, dash]) => `${agency}${dash}${date}${dash}${sequence}`);
    const filler = fc.constantFrom("cho hỏi", "hồ sơ của tôi", "số", "sđt", "", "ạ", "làm khai sinh");
    fc.assert(
      fc.property(filler, fc.oneof(phone, idNumber, receipt), filler, (before, secret, after) => {
        const logged = normalizeForLog(`${before} ${secret} ${after}`);
        const digits = secret.replace(/\D/g, "");
        expect(logged.replace(/\D/g, "")).not.toContain(digits.slice(-6));
        expect(findReceiptCode(logged).kind).toBe("none");
      }),
      { numRuns: 300 },
    );
  });

  it("survives hostile input: huge, empty, control characters, the markers it uses itself", () => {
    expect(normalizeForLog("")).toBe("");
    expect(normalizeForLog("\uE000phone\uE001 0912345678")).toBe("phone <sdt>");
    expect(normalizeForLog("🙂".repeat(10_000))).toBe("");
    expect(normalizeForLog("a".repeat(50_000)).length).toBeLessThanOrEqual(MAX_LOGGED_LENGTH);
  });
});

describe("grouping near-identical wordings", () => {
  const stopwords = ["toi", "em", "cho", "muon", "can", "lam", "the", "nao", "gi", "a", "co", "la", "xin", "o", "duoc", "khong"];
  const group = (texts: string[]) => groupWordings(texts.map((text) => ({ text: normalizeForLog(text), count: 1 })), { stopwords });

  it("puts word order, filler words, typos and a longer way of saying it together, with counts", () => {
    const groups = group([
      "xin giấy phép karaoke",
      "làm giấy phép karaoke thế nào",
      "giay phep karaok",
      "giấy phép kinh doanh karaoke ở đâu",
      "đăng ký xe máy",
      "em muốn hỏi đăng kí xe máy ạ",
      "xe máy đăng ký",
      "đăng ký nuôi chó",
    ]);
    expect(groups.map((entry) => entry.count)).toEqual([4, 3, 1]);
    expect(groups[0]?.wordings.map((wording) => wording.text).sort()).toEqual([
      "giay phep karaok",
      "giay phep kinh doanh karaoke o dau",
      "lam giay phep karaoke the nao",
      "xin giay phep karaoke",
    ]);
    expect(groups[0]?.label).not.toBe("giay phep karaok"); // a typo is not the label among equals
    expect(groups[2]?.label).toBe("dang ky nuoi cho");
  });

  it("keeps different needs apart even when they share words", () => {
    const groups = group(["đăng ký khai sinh cho con", "đăng ký kết hôn", "cấp lại giấy khai sinh", "cấp lại giấy kết hôn"]);
    expect(groups).toHaveLength(4);
  });

  it("sums repeated wordings and orders groups by count", () => {
    const groups = groupWordings(
      [
        { text: "so do", count: 2 },
        { text: "lam so do", count: 5 },
        { text: "karaoke", count: 1 },
      ],
      { stopwords: ["lam"] },
    );
    expect(groups[0]).toMatchObject({ label: "lam so do", count: 7 });
    expect(groups[1]).toMatchObject({ label: "karaoke", count: 1 });
  });
});
