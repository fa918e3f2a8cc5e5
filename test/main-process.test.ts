import { afterEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "./fakes/telegram-api.js";
import { startFakeZalo, type FakeZalo } from "./fakes/zalo-api.js";
import { TEST_CONTENT_DIR, tempDir } from "./helpers/app.js";
import { startBotProcess } from "./helpers/bot-process.js";

/** `npm start` as a real process: both channels up, then a clean exit on SIGTERM. */
let zalo: FakeZalo | undefined;
let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await zalo?.close();
  await telegram?.close();
});

describe("the bot process", () => {
  it("serves Zalo and Telegram together and stops cleanly on SIGTERM", async () => {
    zalo = await startFakeZalo();
    telegram = await startFakeTelegram();
    const data = tempDir();
    const bot = startBotProcess({
      CONTENT_DIR: TEST_CONTENT_DIR,
      DATA_DIR: data.path,
      PORT: "0",
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.apiRoot,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      PUBLIC_URL: "",
    });
    try {
      await bot.waitForLog("zalo channel started", 40_000);
      await bot.waitForLog("telegram connected", 40_000);
      zalo.pushText({ chatId: "citizen-1", text: "khai sinh" });
      await zalo.waitFor((fake) => fake.sentMessages().length > 0, 20_000);
      expect(zalo.sentMessages()[0]?.text).toContain("Đăng ký khai sinh");

      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      expect(bot.logs()).toContain("stopping");
      expect(bot.logs()).not.toContain(zalo.token);
      expect(bot.logs()).not.toContain(telegram.token);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
      data.remove();
    }
  }, 90_000);
});
