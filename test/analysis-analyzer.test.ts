import { describe, expect, it } from "vitest";
import { Analyzer } from "../src/analysis/analyzer.js";
import { emptyLexicon } from "../src/analysis/empty-lexicon.js";
import type { Procedure, Synonyms } from "../src/catalog/schema.js";

const lexicon = {
  ...emptyLexicon(),
  sections: { ...emptyLexicon().sections, fees: ["phí", "lệ phí", "bao nhiêu tiền"], documents: ["cần giấy", "giấy tờ gì"], time: ["lấy liền"] },
  markers: { ...emptyLexicon().markers, discourse: ["còn"], greetings: ["em chào"], politeness: ["ạ"], questions: [], asking: ["đâu", "gì", "bao", "mấy", "hay"], endings: ["không", "hông", "chưa"], negations: ["không", "ko", "chưa", "hông", { word: "chả", withMarks: true as const }], unsure: ["biết", "rõ"], refusals: ["đừng"], purposes: ["để"], papers: ["giấy", "bản"] },
  regional: { ck: "chồng", "ở mô": "ở đâu", nhìu: "nhiều", nhiu: "nhiêu" },
  intents: { ...emptyLexicon().intents, subscribe: ["nhận thông báo"] },
};
const synonyms: Synonyms = {
  abbreviations: {},
  phrases: { cưới: "kết hôn" },
  stopwords: ["em", "cho", "muốn", "cái"],
  outOfScope: [{ id: "ho-chieu", phrases: ["hộ chiếu"], answer: "Công an tỉnh." }],
};
const procedure = (name: string) => ({ name, aliases: [], keywords: [] }) as unknown as Procedure;
const analyzer = new Analyzer({ procedures: [procedure("Hỗ trợ chi phí mai táng")], synonyms, lexicon });
const kinds = (text: string) => {
  const { spans, tokens } = analyzer.analyze(text);
  return spans.map((span) => `${span.kind}:${tokens.slice(span.start, span.end).map((token) => token.typed).join(" ")}`);
};

describe("the analyzer", () => {
  it("reads a longer procedure name before a shorter section cue inside it", () => {
    expect(kinds("hỗ trợ chi phí mai táng")).toEqual(["procedure:hỗ trợ chi phí mai táng"]);
    expect(analyzer.analyze("hỗ trợ chi phí mai táng lệ phí").section).toBe("fees");
    expect(analyzer.analyze("hỗ trợ chi phí mai táng").section).toBeNull();
  });

  it("splits into the fewest spans, so overlapping cues do not leave stray words", () => {
    expect(kinds("khai sinh cần giấy tờ gì")).toEqual(["word:khai", "word:sinh", "word:cần", "section:giấy tờ gì"]);
  });

  it("on a tie in spans, prefers cue words, then filler, to a stray content word", () => {
    const withFiller = new Analyzer({
      procedures: [],
      synonyms: { ...synonyms, stopwords: ["cần", "những", "lên xã"] },
      lexicon: { ...lexicon, sections: { ...lexicon.sections, documents: ["cần những giấy", "giấy tờ gì"], where: ["xã nào"] } },
    });
    const read = (text: string) => {
      const { spans, tokens } = withFiller.analyze(text);
      return spans.map((span) => `${span.kind}:${tokens.slice(span.start, span.end).map((token) => token.typed).join(" ")}`);
    };
    // Three spans either way; "cần những giấy" + "tờ" would search a stray "tờ".
    expect(read("cần những giấy tờ gì")).toEqual(["stopword:cần", "stopword:những", "section:giấy tờ gì"]);
    expect(withFiller.analyze("cần những giấy tờ gì").terms).toEqual([]);
    // Two spans either way; the section cue beats two words of filler.
    expect(read("lên xã nào")).toEqual(["word:lên", "section:xã nào"]);
  });

  it("on a tie in spans, reads the longest phrase whole first ('cần' + 'bản sao giấy khai sinh')", () => {
    const copies = new Analyzer({
      procedures: [procedure("Bản sao giấy khai sinh"), procedure("Giấy khai sinh")],
      synonyms: { ...synonyms, stopwords: ["cần"] },
      lexicon: { ...lexicon, sections: { ...lexicon.sections, documents: ["cần bản sao"] } },
    });
    const { spans, tokens } = copies.analyze("cần bản sao giấy khai sinh");
    // Two spans either way; "cần bản sao" + "giấy khai sinh" would lose the name of the paper asked for.
    expect(spans.map((span) => `${span.kind}:${tokens.slice(span.start, span.end).map((token) => token.typed).join(" ")}`)).toEqual([
      "stopword:cần",
      "procedure:bản sao giấy khai sinh",
    ]);
  });

  it("takes the section from a clause that asks over a cue told in the story", () => {
    const story = new Analyzer({
      procedures: [procedure("Đăng ký khai sinh")],
      synonyms,
      lexicon: { ...lexicon, sections: { ...lexicon.sections, where: ["về quê", "về quê làm"], fees: ["tốn tiền", "tốn bao nhiêu"], steps: ["giấy ủy quyền"] } },
    });
    // Two cues of two words: the one in the clause ending with "hông" (or a question mark, or with a cue holding a question word) is asked.
    expect(story.analyze("về quê sanh em bé, làm khai sinh có tốn tiền hông").section).toBe("fees");
    expect(story.analyze("về quê sanh em bé rồi, khai sinh tốn tiền?").section).toBe("fees");
    expect(story.analyze("về quê làm khai sinh, tốn bao nhiêu vậy").section).toBe("fees");
    expect(story.analyze("tốn tiền lắm rồi, giờ về quê làm khai sinh hông").section).toBe("where");
    // Other words do not ask: "dau" may be "dâu", "chưa khai sinh" tells; "hay" asks only in or right before a cue.
    expect(story.analyze("con dau tui ve que sanh em be, lam khai sinh co ton tien hong").section).toBe("fees");
    expect(story.analyze("tốn tiền lắm, hay về quê làm khai sinh").section).toBe("where");
    expect(story.analyze("về quê sanh em bé mà chưa khai sinh, làm có tốn tiền hông").section).toBe("fees");
    // "mấy" asks only inside a cue: "cần giấy xác nhận mấy thông tin" (some details) is told, not asked.
    expect(story.analyze("cần giấy xác nhận mấy thông tin, về quê làm được không").section).toBe("where");
    // In one asking clause, the cue that is itself a question (or is followed by a question word) is asked.
    expect(story.analyze("khai sinh có giấy ủy quyền thì tốn bao nhiêu").section).toBe("fees");
    // With no clause asking, the longest cue still decides.
    expect(story.analyze("về quê sanh em bé. khai sinh tốn tiền").section).toBe("where");
  });

  it("lets typed diacritics rule a reading out, while bare letters match every reading", () => {
    expect(analyzer.analyze("cưới").terms).toEqual(["ket", "hon"]);
    expect(analyzer.analyze("cuoi").terms).toEqual(["ket", "hon"]);
    expect(analyzer.analyze("cười").terms).toEqual(["cuoi"]);
  });

  it("drops filler words only as typed: 'cái' is filler, 'cải' (as in cải chính) is not", () => {
    expect(analyzer.analyze("cái giấy").terms).toEqual(["giay"]);
    expect(analyzer.analyze("cai giay").terms).toEqual(["giay"]);
    expect(analyzer.analyze("cải chính").terms).toEqual(["cai", "chinh"]);
  });

  it("reads a discourse marker only where a clause starts", () => {
    expect(kinds("còn lệ phí?")).toEqual(["discourse:còn", "section:lệ phí"]);
    expect(kinds("khai sinh cho con, còn phí")).toEqual(["word:khai", "word:sinh", "stopword:cho", "word:con", "discourse:còn", "section:phí"]);
    expect(analyzer.analyze("khai sinh cho con").terms).toEqual(["khai", "sinh", "con"]);
  });

  it("resolves regional words and drops greetings and politeness from the search words", () => {
    const analysis = analyzer.analyze("em chào ạ, ck em muốn khai sinh ở mô");
    expect(analysis.terms).toEqual(["chong", "khai", "sinh", "o", "dau"]);
    expect(analyzer.analyze("em chào ạ").courtesyOnly).toBe(true);
    expect(analysis.courtesyOnly).toBe(false);
  });

  it("reads a bare spelling as the entry written exactly so when two entries fold alike", () => {
    expect(analyzer.analyze("bao nhiu tien").section).toBe("fees");
    expect(analyzer.analyze("bao nhìu tiền").section).toBeNull();
  });

  it("reads a word one letter off as the cue word it completes, never a lone word", () => {
    expect(analyzer.analyze("khai sinh cần giya").section).toBe("documents");
    expect(analyzer.analyze("khai sinh bao nheiu tiền").section).toBe("fees");
    expect(analyzer.analyze("khai sinh giya").terms).toEqual(["khai", "sinh", "giya"]);
    // Short words are too often other real words.
    expect(analyzer.analyze("khai sinh cần gia").section).toBeNull();
  });

  it("lets a generic question frame decide the section only when no other cue does", () => {
    const framed = new Analyzer({
      procedures: [],
      synonyms,
      lexicon: { ...lexicon, sections: { ...lexicon.sections, steps: ["cùng lên"], generic: { ...emptyLexicon().sections.generic, documents: ["có cần"] } } },
    });
    expect(framed.analyze("kết hôn có cần sổ hộ khẩu không").section).toBe("documents");
    const both = framed.analyze("kết hôn có cần hai vợ chồng cùng lên không");
    expect(both.section).toBe("steps");
    // Nor is it offered as a second question.
    expect(both.sections).toEqual(["steps"]);
  });

  it("reads a tone mark on either letter of a vowel pair as the same word", () => {
    const peace = new Analyzer({ procedures: [], synonyms: { ...synonyms, phrases: { "hòa giải": "giải quyết tranh chấp" } }, lexicon });
    expect(peace.analyze("hoà giải").terms).toEqual(peace.analyze("hòa giải").terms);
    expect(peace.analyze("hoà giải").terms).toEqual(["giai", "quyet", "tranh", "chap"]);
  });

  it("on a tie, reads more words as regional spellings and questions than as filler", () => {
    const central = new Analyzer({
      procedures: [],
      synonyms: { ...synonyms, stopwords: [...synonyms.stopwords, "lên xã"] },
      lexicon: {
        ...lexicon,
        sections: { ...lexicon.sections, where: ["xã nào"] },
        regional: { ...lexicon.regional, mô: "đâu", "xã mô": "xã nào" },
      },
    });
    // "lên xã" + "mô" and "lên" + "xã mô" are equally few spans: the regional reading wins, then the question.
    expect(central.analyze("lên xã mô làm").section).toBe("where");
  });

  it("tells an out-of-scope topic in the story from one the last clause asks about", () => {
    expect(analyzer.analyze("công ty đòi hộ chiếu, em cần giấy tờ gì").redirectInStory).toBe(true);
    expect(analyzer.analyze("làm hộ chiếu cần giấy tờ gì ạ").redirectInStory).toBe(false);
    expect(analyzer.analyze("làm hộ chiếu, ạ").redirectInStory).toBe(false);
    expect(analyzer.analyze("em cần giấy tờ gì").redirectInStory).toBe(false);
  });

  it("does not take a denied topic for the question ('chưa có hộ chiếu', 'không muốn … hộ chiếu')", () => {
    expect(analyzer.analyze("chưa có hộ chiếu thì khai sinh được không").redirect).toBeNull();
    expect(analyzer.analyze("ko muốn làm hộ chiếu, chỉ cưới thôi").redirect).toBeNull();
    // "Không biết" asks; a denial in an earlier clause denies nothing here.
    expect(analyzer.analyze("không biết làm hộ chiếu ở đâu").redirect?.id).toBe("ho-chieu");
    expect(analyzer.analyze("không rõ làm hộ chiếu ở đâu").redirect?.id).toBe("ho-chieu");
    // Typed as a word of its own: "cha" is father, "Hồng" a name.
    expect(analyzer.analyze("cha làm hộ chiếu ở đâu").redirect?.id).toBe("ho-chieu");
    expect(analyzer.analyze("chị Hồng làm hộ chiếu").redirect?.id).toBe("ho-chieu");
    expect(analyzer.analyze("chả muốn làm hộ chiếu").redirect).toBeNull();
    expect(analyzer.analyze("không, hộ chiếu").redirect?.id).toBe("ho-chieu");
    expect(analyzer.analyze("làm hộ chiếu").redirect?.id).toBe("ho-chieu");
  });

  it("does not search a denied topic's words ('khai sinh, không nhập khẩu' is not about residence)", () => {
    expect(analyzer.analyze("cưới, không làm hộ chiếu").terms).not.toContain("chieu");
    expect(analyzer.analyze("cưới rồi làm hộ chiếu").terms).toEqual(expect.arrayContaining(["ho", "chieu"]));
  });

  it("takes a topic said as a purpose ('để làm hộ chiếu') for the story", () => {
    expect(analyzer.analyze("cưới cần giấy tờ gì để làm hộ chiếu").redirectInStory).toBe(true);
    expect(analyzer.analyze("cưới xong làm hộ chiếu cần giấy tờ gì").redirectInStory).toBe(false);
    // Typed "đẻ" (give birth) is not "để".
    expect(analyzer.analyze("cưới cần giấy tờ gì đẻ làm hộ chiếu").redirectInStory).toBe(false);
  });

  it("sets aside the paper a 'có cần … không' asks about beside a topic ('hộ chiếu có cần giấy khai sinh không')", () => {
    const framed = new Analyzer({
      procedures: [procedure("Đăng ký khai sinh")],
      synonyms,
      lexicon: { ...lexicon, sections: { ...lexicon.sections, where: ["ở đâu"], generic: { ...lexicon.sections.generic, documents: ["có cần"] } } },
    });
    const needed = framed.analyze("làm hộ chiếu có cần giấy khai sinh không, làm ở đâu");
    expect(needed.redirect?.id).toBe("ho-chieu");
    expect(needed.remainder).not.toContain("sinh");
    // A procedure named there, not a paper, is still asked about.
    expect(framed.analyze("làm hộ chiếu có cần đăng ký khai sinh không, làm ở đâu").remainder).toEqual(expect.arrayContaining(["khai", "sinh"]));
    const other = framed.analyze("làm hộ chiếu xong, đăng ký khai sinh làm ở đâu");
    expect(other.remainder).toEqual(expect.arrayContaining(["khai", "sinh"]));
  });

  it("takes a topic asked as a paper to bring ('quên mang hộ chiếu') for the story", () => {
    const bring = new Analyzer({
      procedures: [procedure("Đăng ký kết hôn")],
      synonyms: { ...synonyms, stopwords: [...synonyms.stopwords, "làm"] },
      lexicon: { ...lexicon, sections: { ...lexicon.sections, documents: ["mang theo", "quên mang", "mang theo gì"] } },
    });
    expect(bring.analyze("đăng ký kết hôn quên mang hộ chiếu thì sao").redirectInStory).toBe(true);
    expect(bring.analyze("đăng ký kết hôn có phải mang theo hộ chiếu không").redirectInStory).toBe(true);
    // The topic asked about, with the cue after it, is the errand; so is one after a cue that is itself the question.
    expect(bring.analyze("làm hộ chiếu mang theo gì").redirectInStory).toBe(false);
    expect(bring.analyze("đăng ký kết hôn xong, mang theo gì làm hộ chiếu").redirectInStory).toBe(false);
  });

  it("takes the clause with the last question cue as the question, not an aside after it", () => {
    const aside = analyzer.analyze("cưới xong cần giấy tờ gì, hộ chiếu còn giữ ạ");
    expect(aside.redirectInStory).toBe(true);
    const asked = analyzer.analyze("cưới xong rồi, giờ làm hộ chiếu cần giấy tờ gì, chị ơi");
    expect(asked.redirectInStory).toBe(false);
    // Only the asking clause's own words may still name a procedure beside the topic.
    expect(asked.questionRemainder).toEqual(["gio", "lam", "can"]);
    expect(asked.remainder).toEqual(expect.arrayContaining(["ket", "hon"]));
  });

  it("notes intents and out-of-scope topics, keeping the rest for search", () => {
    expect(analyzer.analyze("cho em nhận thông báo").intents).toEqual(["subscribe"]);
    const passport = analyzer.analyze("làm hộ chiếu cho con");
    expect(passport.redirect?.id).toBe("ho-chieu");
    expect(passport.remainder).toEqual(["lam", "con"]);
  });
});

describe("the analyzer's rewrites", () => {
  it("rewrites whole words only, longest phrase first, every occurrence", () => {
    const rewriting = new Analyzer({
      procedures: [],
      synonyms: { ...synonyms, phrases: { "sổ đỏ": "giấy chứng nhận", "độc thân": "tình trạng hôn nhân", "giấy độc thân": "xác nhận tình trạng hôn nhân" } },
      lexicon,
    });
    expect(rewriting.catalogWords("xin giay doc than")).toEqual(["xin", "xac", "nhan", "tinh", "trang", "hon", "nhan"]);
    expect(rewriting.catalogWords("so doi")).toEqual(["so", "doi"]);
    expect(rewriting.catalogWords("so do va so do")).toEqual(["giay", "chung", "nhan", "va", "giay", "chung", "nhan"]);
  });
});

describe("foreign countries and peoples", () => {
  const abroad = new Analyzer({
    procedures: [],
    synonyms: { ...synonyms, foreign: { means: "yếu tố nước ngoài", names: ["hàn quốc"], short: ["nhật"], after: ["bên", "người"], describes: ["tiếng"] } },
    lexicon,
  });
  const foreignWords = ["yeu", "to", "nuoc", "ngoai"];

  it("reads a name on its own, and a short name only after a word pointing abroad", () => {
    expect(abroad.analyze("hàn quốc").terms).toEqual(foreignWords);
    expect(abroad.analyze("sinh bên nhật").terms).toEqual(["sinh", ...foreignWords]);
    expect(abroad.analyze("người hàn quốc").terms).toEqual(foreignWords);
    expect(abroad.analyze("sinh nhật").terms).toEqual(["sinh", "nhat"]);
  });

  it("reads a province as a place, not a country or search words ('ở lào cai', 'ở cà mau')", () => {
    const placed = new Analyzer({
      procedures: [],
      synonyms: { ...synonyms, foreign: { means: "yếu tố nước ngoài", names: [], short: ["lào"], after: ["ở"], describes: [] } },
      lexicon: { ...lexicon, markers: { ...lexicon.markers, places: ["lào cai", "cà mau"] } },
    });
    expect(placed.analyze("sinh ở lào").terms).toEqual(["sinh", ...foreignWords]);
    expect(placed.analyze("sinh ở lào cai").terms).toEqual(["sinh", "o"]);
    expect(placed.analyze("em ở ca mau").terms).toEqual(["o"]);
  });

  it("keeps a word that describes the foreign thing ('tiếng nhật'), unlike a word that only points", () => {
    expect(abroad.analyze("bằng tiếng nhật").terms).toEqual(["bang", "tieng", ...foreignWords]);
    expect(abroad.analyze("tiếng hàn quốc").terms).toEqual(["tieng", ...foreignWords]);
    expect(abroad.analyze("bằng bên nhật").terms).toEqual(["bang", ...foreignWords]);
  });

  it("keeps a country right after an out-of-scope topic with that topic", () => {
    const passport = abroad.analyze("làm hộ chiếu bên nhật");
    expect(passport.redirect?.id).toBe("ho-chieu");
    expect(passport.remainder).toEqual(["lam"]);
    // Filler between them does not part them.
    expect(abroad.analyze("làm hộ chiếu cho người nhật").remainder).toEqual(["lam"]);
    // Not another synonym, nor a country opening the next clause.
    const shorthand = new Analyzer({ procedures: [], synonyms: { ...synonyms, abbreviations: { dkkh: "đăng ký kết hôn" } }, lexicon });
    expect(shorthand.analyze("làm hộ chiếu dkkh").remainder).toEqual(["lam", "dang", "ky", "ket", "hon"]);
    expect(abroad.analyze("làm hộ chiếu, bên nhật cần gì").remainder).toEqual(["lam", ...foreignWords, "can", "gi"]);
  });
});

describe("out-of-scope phrases against procedure names", () => {
  const withPassport = new Analyzer({
    procedures: [{ name: "Ghi chú hộ chiếu nước ngoài", aliases: ["ghi hộ chiếu vào sổ"], keywords: [] } as unknown as Procedure],
    synonyms,
    lexicon,
  });

  it("lets a whole procedure name or alias win over the out-of-scope phrase inside it", () => {
    expect(withPassport.analyze("ghi chú hộ chiếu nước ngoài").redirect).toBeNull();
    expect(withPassport.analyze("ghi hộ chiếu vào sổ ở đâu").redirect).toBeNull();
  });

  it("still redirects the phrase on its own", () => {
    expect(withPassport.analyze("làm hộ chiếu ở đâu").redirect?.id).toBe("ho-chieu");
  });
});

describe("words that are not the errand", () => {
  it("does not search a question ending that closes a clause ('… được chưa'), only one that names a situation", () => {
    expect(analyzer.analyze("cưới online được chưa").terms).not.toContain("chua");
    expect(analyzer.analyze("cưới online được chưa ạ, em hỏi").terms).not.toContain("chua");
    expect(analyzer.analyze("chưa cưới thì sao").terms).toContain("chua");
  });

  const withPapers = new Analyzer({
    procedures: [procedure("Đăng ký khai sinh"), procedure("Giấy đăng ký kết hôn"), procedure("Giấy phép xây dựng")],
    synonyms: { ...synonyms, stopwords: [...synonyms.stopwords, "xin"] },
    lexicon: { ...lexicon, sections: { ...lexicon.sections, generic: { ...lexicon.sections.generic, documents: ["có cần"] } } },
  });

  it("does not search the paper a documents question asks about when the errand is named elsewhere", () => {
    const { terms } = withPapers.analyze("làm đăng ký khai sinh cho con có cần giấy đăng ký kết hôn không");
    expect(terms).toEqual(expect.arrayContaining(["khai", "sinh"]));
    expect(terms).not.toContain("hon");
    // Alone, the paper is what is asked about.
    expect(withPapers.analyze("có cần giấy đăng ký kết hôn không").terms).toContain("hon");
  });

  it("sets aside the paper after a specific cue that brings it ('cần mang giấy … không'), not after one that does not", () => {
    const cues = { ...lexicon.sections, documents: ["cần mang", "cần giấy"], generic: { ...lexicon.sections.generic, documents: ["có cần"] } };
    const bringing = new Analyzer({
      procedures: [procedure("Đăng ký khai sinh"), procedure("Giấy đăng ký kết hôn")],
      synonyms,
      lexicon: { ...lexicon, sections: cues, markers: { ...lexicon.markers, bringing: ["mang"] } },
    });
    expect(bringing.analyze("làm đăng ký khai sinh, cần mang giấy đăng ký kết hôn không").terms).not.toContain("hon");
    const notBringing = new Analyzer({ procedures: [procedure("Đăng ký khai sinh"), procedure("Giấy đăng ký kết hôn")], synonyms, lexicon: { ...lexicon, sections: cues } });
    expect(notBringing.analyze("làm đăng ký khai sinh, cần mang giấy đăng ký kết hôn không").terms).toContain("hon");
  });

  it("does not take a country for the errand named elsewhere ('có cần giấy … không, em ở bên nhật')", () => {
    const abroad = new Analyzer({
      procedures: [procedure("Giấy đăng ký kết hôn")],
      synonyms: { ...synonyms, foreign: { means: "yếu tố nước ngoài", names: [], short: ["nhật"], after: ["bên"], describes: [] } },
      lexicon: { ...lexicon, sections: { ...lexicon.sections, generic: { ...lexicon.sections.generic, documents: ["có cần"] } } },
    });
    expect(abroad.analyze("có cần giấy đăng ký kết hôn không, em ở bên nhật").terms).toContain("hon");
  });

  it("searches the paper when the question is whether to apply for it ('có cần xin … không')", () => {
    expect(withPapers.analyze("làm đăng ký khai sinh có cần xin giấy phép xây dựng không").terms).toContain("xay");
  });
});
