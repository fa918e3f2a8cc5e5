import { beforeAll, describe, expect, it } from "vitest";
import { buildSearchIndex } from "../src/catalog/build-search-index.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { SearchIndex } from "../src/catalog/search.js";
import { detect } from "../src/core/intents.js";

/**
 * Regional and shorthand spellings on the fixture catalog (test/fixtures/catalog/lexicon): its
 * cues, markers and intent phrases are written in standard words only.
 */
let index: SearchIndex;
beforeAll(async () => {
  index = buildSearchIndex(await loadCatalog("test/fixtures/catalog"));
});

const kinds = (text: string) => {
  const { spans, tokens } = index.analyze(text);
  return spans.map((span) => `${span.kind}:${tokens.slice(span.start, span.end).map((token) => token.typed).join(" ")}`);
};

describe("regional words before phrase matching", () => {
  it("reads shorthand inside section cues written in standard words", () => {
    expect(index.analyze("kết hôn lên cùng hông").section).toBe("steps");
    expect(index.analyze("kết hôn lên cùng ko").section).toBe("steps");
    expect(index.analyze("kết hôn cần giấy tờ chi").section).toBe("documents");
    expect(index.analyze("kết hôn làm răng").section).toBe("steps");
    expect(index.analyze("kết hôn làm ở mô").section).toBe("where");
  });

  it("reads shorthand inside intent phrases and greetings", () => {
    expect(detect("ko muốn nhận tin nữa", index)).toEqual({ type: "unsubscribe" });
    expect(detect("k nhận thông báo", index)).toEqual({ type: "unsubscribe" });
    // A subscribe phrase refused is a request to stop: "đừng", "thôi" before it.
    expect(detect("đừng theo dõi tin giúp tôi nữa", index)).toEqual({ type: "unsubscribe" });
    expect(detect("thôi, nhận bản tin làm chi", index)).toEqual({ type: "subscribe" });
    expect(detect("theo dõi tin giúp tôi", index)).toEqual({ type: "subscribe" });
    expect(detect("e chào", index)).toEqual({ type: "help" });
    expect(kinds("e chào, ck e muốn kết hôn")).toEqual(["intent:e chào", "word:ck", "word:e", "stopword:muốn", "word:kết", "word:hôn"]);
  });

  it("reads shorthand inside procedure aliases", () => {
    expect(kinds("làm giấy đk kết hôn")).toEqual(["procedure:làm giấy đk kết hôn"]);
    expect(kinds("lam giay dk ket hon")).toEqual(["procedure:lam giay dk ket hon"]);
    expect(index.analyze("ck e muốn kết hôn").terms).toEqual(["chong", "em", "ket", "hon"]);
  });

  it("lets a longer entry holding the short word as typed win", () => {
    expect(index.analyze("kết hôn chi phí").section).toBe("fees");
    expect(kinds("chi trả")).toEqual(["word:chi", "word:trả"]);
    expect(index.analyze("chi trả").terms).not.toContain("gi");
  });

  it("keeps a regional question word out of the search words", () => {
    expect(kinds("răng mà kết hôn")[0]).toBe("question:răng");
    expect(index.analyze("răng mà làm giấy đăng ký kết hôn").terms).not.toContain("sao");
    expect(index.search("răng mà làm giấy đăng ký kết hôn", 1)[0]?.procedure.code).toBe("1.000894");
    expect(index.analyze("sao y bản chính").terms).toContain("sao");
  });

  it("reads a spelling of several words word by word into the typed positions", () => {
    const analysis = index.analyze("ổng muốn kết hôn");
    expect(analysis.terms.slice(0, 2)).toEqual(["ong", "ay"]);
    expect(analysis.spans.every((span) => span.start < span.end && span.end <= analysis.tokens.length)).toBe(true);
  });
});

describe("diacritics the resident typed", () => {
  it("never lets a marked word match a bare shorthand entry", () => {
    expect(kinds("chị ơi kết hôn")[0]).toBe("word:chị");
    expect(index.analyze("kết hôn cần giấy tờ chị").section).toBe("documents");
    expect(index.analyze("kết hôn cần giấy tờ chị").sections).toEqual(["documents"]);
    expect(kinds("ê")).toEqual(["word:ê"]);
  });

  it("matches entries written with marks whether the marks were typed or left out", () => {
    expect(index.analyze("ket hon le phi").section).toBe("fees");
    expect(index.analyze("kết hôn lệ phí").section).toBe("fees");
    expect(index.analyze("kết hôn mây ngày").section).toBeNull();
    expect(index.analyze("ket hon lam o mo").section).toBe("where");
  });

  it("reads a spelling marked withMarks only when its marks were typed", () => {
    // "chừ" is "giờ"; a bare "chu" is as often "chữ" (chữ ký), so it stays a word of its own.
    expect(index.analyze("kết hôn chừ").terms).toEqual(["ket", "hon", "gio"]);
    expect(index.analyze("ket hon chu").terms).toEqual(["ket", "hon", "chu"]);
    expect(index.analyze("kết hôn chữ").terms).toEqual(["ket", "hon", "chu"]);
  });

  it("tells apart words that fold alike by the marks typed", () => {
    expect(kinds("còn lệ phí")[0]).toBe("discourse:còn");
    expect(kinds("con lệ phí")[0]).toBe("discourse:con");
    expect(kinds("cơn lệ phí")[0]).toBe("word:cơn");
  });
});
