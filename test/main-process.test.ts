import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "./fakes/telegram-api.js";
import { startFakeZalo, type FakeZalo } from "./fakes/zalo-api.js";
import { tempDir } from "./helpers/app.js";

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
    const child = spawn(join("node_modules", ".bin", "tsx"), ["src/main.ts"], {
      env: {
        ...process.env,
        DATA_DIR: data.path,
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        PUBLIC_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stderr.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    await waitUntil(() => logs.includes("zalo channel started") && logs.includes("telegram connected"), 20_000, () => logs);
    zalo.pushText({ chatId: "citizen-1", text: "khai sinh" });
    await zalo.waitFor((fake) => fake.sentMessages().length > 0, 10_000);
    expect(zalo.sentMessages()[0]?.text).toContain("Đăng ký khai sinh");

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(logs).toContain("stopping");
    expect(logs).not.toContain(zalo.token);
    expect(logs).not.toContain(telegram.token);
    data.remove();
  }, 40_000);
});

async function waitUntil(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; logs so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
