import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { detect } from "../src/core/intents.js";
import { testApp } from "./helpers/app.js";

/**
 * Telling a request for the commune's announcements from a procedure that starts with the same
 * words ("đăng ký nhận thông báo" against "đăng ký khai sinh"), and a request to stop from one to
 * start: the word "đăng ký" alone decides nothing, and "hủy/bỏ/thôi" wins over "nhận tin".
 */
// The phrases live in content/lexicon/intents.yaml: the app's index reads a message with them.
let app: App;
beforeAll(async () => {
  app = await testApp(undefined, "test/fixtures/catalog");
});
afterAll(async () => {
  await app.close();
});

describe("subscription wordings", () => {
  it.each([
    "đăng ký nhận thông báo",
    "Đăng kí nhận thông báo",
    "dang ky nhan thong bao",
    "nhận tin của xã",
    "cho tôi nhận tin của xã",
    "tôi muốn đăng ký nhận tin của xã",
    "muốn nhận thông báo của ubnd xã",
    "đk nhận tin",
    "đăng ký nhận tin thôn Đông",
    "đổi thôn nhận tin",
    "xem đăng ký nhận tin",
  ])("%s asks to subscribe", (text) => {
    expect(detect(text, app.index).type).toBe("subscribe");
  });

  it.each([
    "hủy nhận tin",
    "hủy đăng ký nhận thông báo",
    "huy dang ky nhan tin",
    "bỏ đăng ký nhận tin",
    "thôi đăng ký nhận tin",
    "thôi không nhận tin nữa",
    "dừng nhận tin",
    "ngừng nhận thông báo",
    "tôi muốn bỏ nhận thông báo",
    "không muốn nhận tin nữa",
  ])("%s asks to unsubscribe", (text) => {
    expect(detect(text, app.index).type).toBe("unsubscribe");
  });

  it.each([
    "đăng ký khai sinh",
    "Đăng ký khai sinh cho bé",
    "đăng ký kết hôn",
    "đăng ký thường trú",
    "hủy đăng ký kết hôn",
    "hủy đăng ký khai sinh",
    "nhận giấy khai sinh ở đâu",
    "thông báo kết hôn",
  ])("%s is a question about a procedure", (text) => {
    expect(detect(text, app.index).type).toBe("query");
  });

  it("keeps commands apart from words", () => {
    expect(detect("/subscribe")).toEqual({ type: "command", name: "subscribe", arg: "" });
    expect(detect("/unsubscribe@motcua_bot")).toEqual({ type: "command", name: "unsubscribe", arg: "" });
  });
});

describe("the wordings through the core (fixture catalog)", () => {
  const say = (text: string, chatId: string) => app.core.handle({ channel: "telegram", chatId, userId: chatId, kind: "text", text });

  it("searches the catalog for a registration and subscribes nobody", async () => {
    const outcome = await say("đăng ký khai sinh", "t1");
    expect(outcome.intent).not.toBe("subscribe");
    expect(await app.subscribers.find("telegram", "t1")).toBeUndefined();
  });

  it("ends a subscription when asked to cancel the subscription in full words", async () => {
    expect((await say("đăng ký nhận thông báo", "t2")).intent).toBe("subscribe");
    expect((await app.subscribers.find("telegram", "t2"))?.active).toBe(true);
    const off = await say("hủy đăng ký nhận thông báo", "t2");
    expect(off.intent).toBe("unsubscribe");
    expect(await app.subscribers.find("telegram", "t2")).toMatchObject({ active: false, unsubscribedReason: "resident" });
  });
});

describe("near misses", () => {
  it.each([
    ["tôi đã nhận thông báo nộp phạt", "query"],
    ["đăng ký theo dõi hồ sơ", "status"],
    ["muốn nhận thông báo của xã", "subscribe"],
    // Asking how far something has got is a status question when the message is about a dossier.
    ["hồ sơ của má tui nộp bữa thứ 5, giờ sao rồi", "status"],
    ["hs của tụi em ở bước nào rồi ạ", "status"],
    ["đăng ký kết hôn xong rồi thì sao, rồi làm khai sinh", "query"],
    ["khai sinh cho con tới đâu làm", "query"],
    ["chuẩn bị hồ sơ khai sinh xong chưa biết nộp ở đâu", "query"],
    ["mã số thuế hộ kinh doanh xong chưa", "query"],
    ["Tui nộp hồ sơ online, giờ muốn biết đang ở bước nào", "status"],
    // A long greeting of help words only is still a greeting; a long question with "chào" is not.
    ["Dạ em chào anh chị, em mới dùng lần đầu, ở đây hỏi được những gì ạ", "help"],
    ["chào anh chị, em mới dùng lần đầu, cho em hỏi làm khai sinh cho con ở đây cần những giấy tờ gì ạ", "query"],
  ])("%s is %s", (text, type) => {
    expect(detect(text, app.index).type).toBe(type);
  });
});
