import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { chat, testApp } from "./helpers/app.js";

// Search quality on the bundled catalog, beside the eval gate (the fixture catalog is too small).
const BUNDLED = "content";

let app: App;
beforeAll(async () => {
  app = await testApp(undefined, BUNDLED);
});

describe("everyday Vietnamese finds the right procedure", () => {
  it.each([
    ["lam giay khai sinh cho chau", "1.001193"],
    ["xin giấy độc thân để đi làm", "1.004873"],
    ["công chứng học bạ ở xã", "2.000815"],
    ["GKS", "1.001193"],
    ["ĐKKH", "1.000894"],
    ["xin cấp sổ đỏ", "1.013978"],
    ["dang ky khai sihn", "1.001193"],
    ["ket hon voi nguoi han quoc", "2.000806"],
    ["mở tiệm tạp hóa cần đăng ký gì", "1.001612"],
    ["tu choi nhan di san thua ke", "2.001016"],
    ["hòa giải tranh chấp đất với hàng xóm", "1.012812"],
    ["xac nhan muc do khuyet tat", "1.001699"],
  ])("%j → %s", async (text, code) => {
    const outcome = await chat(app).say(text);
    expect(outcome.procedure?.code ?? outcome.candidates[0]?.code).toBe(code);
  });

  it.each([
    ["khai sinh cần giấy tờ gì", "1.001193", "documents"],
    ["kết hôn mất bao nhiêu tiền", "1.000894", "fees"],
    ["xác nhận độc thân mấy ngày", "1.004873", "time"],
    ["chung thuc chu ky nop o dau", "2.000884", "where"],
    ["khai tu nop online duoc khong", "1.000656", "online"],
    ["trich luc ho tich theo luat nao", "2.000635", "legal"],
  ])("%j → %s, section %s", async (text, code, section) => {
    const outcome = await chat(app).say(text);
    expect(outcome.procedure?.code).toBe(code);
    expect(outcome.section).toBe(section);
  });

  it("finds the same procedure with and without diacritics", async () => {
    const withMarks = await chat(app).say("đăng ký lại kết hôn");
    const without = await chat(app).say("dang ky lai ket hon");
    expect(withMarks.procedure?.code).toBe("1.004746");
    expect(without.procedure?.code).toBe("1.004746");
  });

  it("ranks candidates best first, at most five", async () => {
    const outcome = await chat(app).say("khai sinh");
    expect(outcome.candidates.length).toBeLessThanOrEqual(5);
    const scores = outcome.candidates.map((candidate) => candidate.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("corrects a misspelt word against the catalog vocabulary", () => {
    expect(app.index.prepare("khai sihn").terms).toEqual(["khai", "sinh"]);
  });
});
