import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { SearchIndex } from "../src/catalog/search.js";
import type { Procedure, Synonyms } from "../src/catalog/schema.js";
import { chat, testApp } from "./helpers/app.js";

// How search reads everyday Vietnamese, on the fixture catalog (test/fixtures/poster-catalog).
// Whether the real content's procedures are found is judged by content:check and the eval gate.

let app: App;
beforeAll(async () => {
  app = await testApp();
});

describe("everyday Vietnamese finds the right procedure", () => {
  it.each([
    // An everyday phrasing without diacritics, a keyword, a phrase rewritten to catalog wording.
    ["lam giay khai sinh cho chau", "1.001193"],
    ["xin giấy độc thân để đi làm", "1.004873"],
    ["công chứng học bạ ở xã", "2.000815"],
    // Abbreviations, typed in capitals.
    ["GKS", "1.001193"],
    ["ĐKKH", "1.000894"],
    ["xin cấp sổ đỏ", "1.013978"],
    // A misspelt word.
    ["dang ky khai sihn", "1.001193"],
    ["mở tiệm tạp hóa cần đăng ký gì", "1.001612"],
  ])("%j → %s", async (text, code) => {
    const outcome = await chat(app).say(text);
    expect(outcome.procedure?.code ?? outcome.candidates[0]?.code).toBe(code);
  });

  it.each([
    ["khai sinh cần giấy tờ gì", "1.001193", "documents"],
    ["kết hôn mất bao nhiêu tiền", "1.000894", "fees"],
    ["xác nhận độc thân mấy ngày", "1.004873", "time"],
    ["chung thuc chu ky nop o dau", "2.000884", "where"],
    ["ket hon nop online duoc khong", "1.000894", "online"],
    ["chung thuc ban sao theo luat nao", "2.000815", "legal"],
  ])("%j → %s, section %s", async (text, code, section) => {
    const outcome = await chat(app).say(text);
    expect(outcome.procedure?.code).toBe(code);
    expect(outcome.section).toBe(section);
  });

  it("finds the same procedure with and without diacritics", async () => {
    const withMarks = await chat(app).say("chứng thực chữ ký giấy ủy quyền");
    const without = await chat(app).say("chung thuc chu ky giay uy quyen");
    expect(withMarks.procedure?.code).toBe("2.000884");
    expect(without.procedure?.code).toBe("2.000884");
  });

  it("ranks candidates best first, at most five", async () => {
    const outcome = await chat(app).say("khai sinh");
    expect(outcome.candidates.length).toBeGreaterThan(1);
    expect(outcome.candidates.length).toBeLessThanOrEqual(5);
    const scores = outcome.candidates.map((candidate) => candidate.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("weighs loose words beside a named catalog phrase as context, so the story dilutes the named procedure less", () => {
    const analysis = app.index.analyze("xin giấy độc thân để mua đất nhà bên");
    const weighted = app.index.prepareTerms(analysis.terms, analysis.named);
    expect(weighted.context?.has("dat")).toBe(true);
    expect(weighted.context?.has("doc")).toBe(false);
    const [plainTop, plainNext] = app.index.searchPrepared(app.index.prepareTerms(analysis.terms), 2);
    const [top, next] = app.index.searchPrepared(weighted, 2);
    expect(top?.procedure.code).toBe("1.004873");
    expect(plainTop?.procedure.code).toBe("1.004873");
    expect(top!.score - next!.score).toBeGreaterThan(plainTop!.score - plainNext!.score);
  });

  it("counts two neighbouring words found side by side in a catalog phrase as named", () => {
    const analysis = app.index.analyze("quá hạn mấy tháng mới đi làm khai sinh thì bị sao");
    expect(analysis.named).toEqual([]);
    const query = app.index.prepareTerms(analysis.terms, analysis.named);
    expect(query.context?.has("sinh")).toBe(false);
    expect(query.context?.size).toBeGreaterThan(0);
    // The pair is found after spelling correction.
    const misspelt = app.index.prepareTerms(["quá", "hạn", "khai", "sihn"], []);
    expect(misspelt.terms).toContain("sinh");
    expect(misspelt.context?.has("sinh")).toBe(false);
    // Without the analysis's named words nothing is set apart, and a plain search weighs every word as it stands.
    expect(app.index.prepareTerms(analysis.terms).context).toBeUndefined();
    expect(app.index.prepare("xin giấy khai sinh cho con zzqx").context).toBeUndefined();
  });

  it("corrects a misspelt word against the catalog vocabulary", () => {
    expect(app.index.prepare("khai sihn").terms).toEqual(["khai", "sinh"]);
  });
});

describe("who a procedure is for", () => {
  const procedure = (id: string, audience: string) =>
    ({ id, code: id, name: "Cấp giấy xác nhận hoàn cảnh", aliases: [], keywords: [], audience }) as unknown as Procedure;
  const synonyms: Synonyms = { abbreviations: {}, phrases: {}, stopwords: ["cho"], outOfScope: [] };
  const index = new SearchIndex([procedure("elderly", "Người cao tuổi sống một mình"), procedure("disabled", "Người khuyết tật nặng")], synonyms);

  it("ranks the procedure whose audience holds the message's other words first", () => {
    expect(index.search("cấp giấy xác nhận hoàn cảnh cho người khuyết tật")[0]?.procedure.id).toBe("disabled");
    expect(index.search("cấp giấy xác nhận hoàn cảnh cho người cao tuổi")[0]?.procedure.id).toBe("elderly");
  });

  it("never finds a procedure by its audience alone", () => {
    expect(index.search("khuyết tật")).toEqual([]);
  });
});

describe("words held by a procedure's names", () => {
  const procedure = { id: "joint", code: "joint", name: "Đăng ký khai sinh, thường trú", aliases: ["khai sinh nhập hộ khẩu"], keywords: ["hộ chiếu"], audience: "Trẻ em" } as unknown as Procedure;
  const synonyms: Synonyms = { abbreviations: {}, phrases: {}, stopwords: [], outOfScope: [] };
  const index = new SearchIndex([procedure], synonyms);

  it("counts names and aliases, not keywords", () => {
    expect(index.namesHold(procedure, ["ho", "khau"])).toBe(true);
    expect(index.namesHold(procedure, ["ho", "chieu"])).toBe(false);
    expect(index.namesHold(procedure, ["visa"])).toBe(false);
  });
});
