import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { chat, testApp } from "./helpers/app.js";

/**
 * An out-of-scope topic (residence, on the fixture catalog) gets a pointer to the right office,
 * unless the question names a procedure strongly. A long message tells a story around its
 * question: there a procedure named in full is the question, even when the story mentions an
 * out-of-scope topic and dilutes the score.
 */
let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const ask = (text: string) => chat(app, `redirect-${Math.random()}`).say(text);
/** A story of 20 words or more, the length from which the core reads a message as a story around its question. */
const askStory = (story: string) => {
  expect(story.split(/\s+/).length).toBeGreaterThanOrEqual(20);
  return ask(story);
};
const expectPointedElsewhere = (outcome: Awaited<ReturnType<typeof ask>>) => {
  expect(outcome.intent).toBe("unknown");
  expect(outcome.procedure ?? null).toBeNull();
};

describe("out-of-scope topics beside procedures", () => {
  it("points a short residence question to the police", async () => {
    expectPointedElsewhere(await ask("đăng ký tạm trú cho con"));
  });

  it("answers a long story that names the birth registration in full and mentions residence only as background", async () => {
    const story =
      "Dạ chị ơi, vợ chồng em quê ngoài Bắc mà vô đây làm công nhân mấy năm nay, đang tạm trú ở phòng trọ gần chợ, bé mới sinh được hai tuần, giờ em muốn đăng ký khai sinh cho bé thì cần giấy tờ gì ạ";
    const outcome = await askStory(story);
    expect(outcome.intent).toBe("procedure");
    expect(outcome.procedure?.code).toBe("1.001193");
    expect(outcome.section).toBe("documents");
  });

  it("still points a long story to the police when it names no procedure in full", async () => {
    const story =
      "Dạ chị ơi, vợ chồng em quê ngoài Bắc mà vô đây làm công nhân mấy năm nay, ở phòng trọ gần chợ, bé nhà em mới sinh, giờ muốn đăng ký tạm trú cho cả nhà thì làm sao ạ";
    expectPointedElsewhere(await askStory(story));
  });

  it("answers when the out-of-scope topic is only background told before the question", async () => {
    const outcome = await ask("công ty đòi hộ chiếu, em xin xác nhận độc thân thì mang theo gì");
    expect(outcome.intent).toBe("procedure");
    expect(outcome.procedure?.code).toBe("1.004873");
  });

  it("points a long story to the right office when a procedure is named only in the story, not in the clause that asks", async () => {
    const story =
      "Dạ chị ơi, vợ chồng em mới đăng ký kết hôn ở xã tháng trước xong rồi, giờ em muốn làm hộ chiếu cho cả hai vợ chồng thì cần giấy tờ gì ạ";
    expectPointedElsewhere(await askStory(story));
  });

  it("points to the right office when the last clause asks about the out-of-scope topic", async () => {
    const outcome = await ask("em có giấy độc thân rồi, giờ làm hộ chiếu thì mang theo gì");
    expect(outcome.intent).toBe("unknown");
    expect(outcome.procedure ?? null).toBeNull();
  });

  it("answers the certified copy when the out-of-scope paper is what it certifies ('công chứng cái căn cước')", async () => {
    expect((await ask("công chứng cái căn cước để nộp hồ sơ xin việc")).procedure?.code).toBe("2.000815");
    expect((await ask("công chứng 2 bản căn cước cho con")).procedure?.code).toBe("2.000815");
    // Made, not certified: the police's errand.
    expectPointedElsewhere(await ask("làm căn cước ở đâu"));
    expectPointedElsewhere(await ask("công chứng xong thì đi làm căn cước ở đâu"));
    expectPointedElsewhere(await ask("công chứng xong làm căn cước ở đâu"));
  });
});
