import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TOPIC_PAGE_SIZE } from "../src/core/handlers/help.js";
import { chat, testApp } from "./helpers/app.js";
import { catalogCopies } from "./helpers/fixture-catalog.js";

const catalogCopy = catalogCopies("test/fixtures/catalog");

/** A fixture catalog whose civil-status topic holds `extra` more procedures than the fixture. */
function bigTopic(extra: number): string {
  const dir = catalogCopy();
  const template = readFileSync(join(dir, "procedures", "1.004873-xac-nhan-tinh-trang-hon-nhan.yaml"), "utf8");
  for (let index = 1; index <= extra; index++) {
    const code = `9.${String(index).padStart(6, "0")}`;
    const text = template
      .replace("id: xac-nhan-tinh-trang-hon-nhan", `id: thu-tuc-thu-${index}`)
      .replace('code: "1.004873"', `code: "${code}"`)
      .replace('name: "Cấp Giấy xác nhận tình trạng hôn nhân"', `name: "Thủ tục thử số ${index}"`)
      .replace('aliases: ["giấy xác nhận độc thân"]', `aliases: ["thủ tục thử số ${index}"]`);
    writeFileSync(join(dir, "procedures", `${code}-thu-tuc-thu-${index}.yaml`), text);
  }
  return dir;
}

describe("topic lists", () => {
  it("page a long topic with next and previous choices, each page within the choice limit", async () => {
    const app = await testApp(undefined, bigTopic(2 * TOPIC_PAGE_SIZE));
    const total = app.catalog.procedures.filter((procedure) => procedure.topic === "civil-status").length;
    const conversation = chat(app);
    const first = await conversation.pick("t:civil-status");
    const firstChoices = first.replies[0]!.choices!;
    expect(first.replies[0]!.blocks[0]!.title).toBe("Các thủ tục nhóm Hộ tịch (khai sinh, kết hôn, khai tử…): (trang 1/3)");
    expect(firstChoices).toHaveLength(TOPIC_PAGE_SIZE + 1);
    expect(firstChoices.at(-1)).toEqual({ label: "Xem thêm thủ tục", payload: "t:civil-status:2" });

    // Typing the number of "more" works like pressing the button.
    const second = await conversation.say(String(firstChoices.length));
    const secondChoices = second.replies[0]!.choices!;
    expect(secondChoices.map((choice) => choice.payload).slice(-2)).toEqual(["t:civil-status:3", "t:civil-status"]);

    const last = await conversation.pick("t:civil-status:3");
    const lastProcedures = last.replies[0]!.choices!.filter((choice) => choice.payload.startsWith("p:"));
    expect(lastProcedures).toHaveLength(total - 2 * TOPIC_PAGE_SIZE);
    expect(last.replies[0]!.choices!.at(-1)).toEqual({ label: "Trang trước", payload: "t:civil-status:2" });

    const shown = [firstChoices, secondChoices, lastProcedures].flat().filter((choice) => choice.payload.startsWith("p:"));
    expect(new Set(shown.map((choice) => choice.payload)).size).toBe(total);
  });

  it("keeps a short topic on one page and treats a bad page as expired", async () => {
    const app = await testApp(undefined, "test/fixtures/catalog");
    const outcome = await chat(app).pick("t:land");
    expect(outcome.replies[0]!.blocks[0]!.title).toBe("Các thủ tục nhóm Đất đai:");
    expect(outcome.replies[0]!.choices!.map((choice) => choice.payload)).toEqual(["p:chuyen-muc-dich-su-dung-dat"]);
    for (const bad of ["t:land:0", "t:land:x", "t:land:-1"]) {
      expect((await chat(app).pick(bad)).replies[0]!.blocks[0]!.lines[0]).toBe("Danh sách lựa chọn đã hết hạn. Bạn hỏi lại giúp mình nhé.");
    }
    // A page past the end shows the last page.
    expect((await chat(app).pick("t:land:9")).replies[0]!.choices!.map((choice) => choice.payload)).toEqual(["p:chuyen-muc-dich-su-dung-dat"]);
  });
});
