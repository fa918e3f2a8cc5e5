import { afterEach, describe, expect, it } from "vitest";
import { callbackUpdate, textUpdate } from "./fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "./fakes/telegram-stack.js";
import { dossierData } from "./helpers/dossiers.js";

const CODE = "G09.20-20260609-0092637";

function keyboard(call: { payload: Record<string, unknown> }): Array<{ text: string; callback_data: string }> {
  const markup = call.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

describe("dossier status over the real Telegram stack (fake Bot API on loopback)", () => {
  let stack: TelegramStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it("looks up, follows by button, and the running sender delivers the notice of a change made outside any chat", async () => {
    stack = await startTelegramStack({ mode: "polling", store: "memory" });
    const { fake, app } = stack;
    await app.dossiers.services.updates.apply([dossierData(CODE)], { source: "import" });
    const dossier = (await app.dossiers.services.store.find(CODE))!;

    fake.pushUpdate(textUpdate(`hồ sơ ${CODE} đến đâu rồi`, { userId: 42 }));
    const answer = await fake.waitFor((call) => call.method === "sendMessage" && String(call.payload.text).includes("Đang giải quyết"), 10_000);
    expect(keyboard(answer)).toEqual([{ text: "Theo dõi hồ sơ này", callback_data: `hs:f:${dossier.id}` }]);

    fake.pushUpdate(callbackUpdate(`hs:f:${dossier.id}`, { userId: 42 }));
    await fake.waitFor((call) => call.method === "sendMessage" && String(call.payload.text).includes("Đã theo dõi"), 10_000);

    // A change made outside any conversation (an import, the CLI): only the outbox knows.
    await app.dossiers.services.updates.apply([dossierData(CODE, { status: 9, resultAt: Date.now() })], { source: "import" });
    const notice = await fake.waitFor((call) => call.method === "sendMessage" && String(call.payload.text).includes("có cập nhật"), 10_000);
    expect(notice.payload.chat_id).toBe(42);
    expect(keyboard(notice).map((button) => button.text)).toEqual(["Rất hài lòng", "Hài lòng", "Không hài lòng"]);

    fake.pushUpdate(callbackUpdate(`hs:r:${dossier.id}:3`, { userId: 42 }));
    await fake.waitFor((call) => call.method === "sendMessage" && String(call.payload.text).includes("Cảm ơn bạn đã đánh giá"), 10_000);
    expect(await app.dossiers.services.ratings.export()).toMatchObject([{ code: CODE, rating: 3 }]);
  });
});
