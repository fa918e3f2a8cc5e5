import { describe, expect, it } from "vitest";
import { fold, hasDiacritics, tokenize } from "../src/catalog/normalize.js";

describe("fold", () => {
  it("removes diacritics, maps đ to d and lowercases", () => {
    expect(fold("Đăng ký Khai sinh")).toBe("dang ky khai sinh");
  });

  it("treats NFC and NFD input alike", () => {
    const nfc = "xác nhận tình trạng hôn nhân".normalize("NFC");
    const nfd = nfc.normalize("NFD");
    expect(nfc).not.toBe(nfd);
    expect(fold(nfd)).toBe(fold(nfc));
  });

  it("drops zero-width characters instead of splitting words", () => {
    expect(fold("khai\u200bsinh")).toBe("khaisinh");
    expect(fold("khai\u200b sinh\ufeff")).toBe("khai sinh");
  });

  it("turns punctuation, emoji and control characters into single spaces", () => {
    expect(fold("  <b>kết hôn</b>?!\u0000\u0007 😂 ")).toBe("b ket hon b");
    expect(tokenize("😂😂")).toEqual([]);
  });

  it("knows when text has diacritics", () => {
    expect(hasDiacritics("khai sinh")).toBe(false);
    expect(hasDiacritics("khai sính")).toBe(true);
    expect(hasDiacritics("đi")).toBe(true);
  });
});
