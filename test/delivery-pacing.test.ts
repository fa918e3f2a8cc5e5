import { afterEach, describe, expect, it, vi } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { createApp, type App } from "../src/app.js";
import type { RunningChannels } from "../src/channels/start.js";
import type { MessengerName } from "../src/delivery/types.js";
import type { NewOutboxMessage } from "../src/records/outbox.js";
import { createMemoryStore } from "../src/storage/store.js";
import { textUpdate } from "./fakes/telegram-api.js";
import { startTelegramStack } from "./fakes/telegram-stack.js";
import { tempDir, testConfig } from "./helpers/app.js";
import { startZaloHarness } from "./zalo-harness.js";

/**
 * Per-chat pacing of background messages (notices, relays, broadcasts), on both channels, with
 * the real app, SQLite records and the fake platform servers: one chat never gets two of them
 * (or two parts of a long one) closer than the configured interval, measured where the fake
 * platform received them; other chats and replies are not held back by it; a stop does not
 * wait for it.
 */

/** Date.now() at the fake against performance.now() in the pacer: a millisecond or two of rounding. */
const ROUNDING_MS = 5;
/** Long enough that any wrongly applied pacing would outlast the test. */
const LONG_MS = 60_000;

interface Bot {
  channel: MessengerName;
  app: App;
  running: RunningChannels;
  /** When the fake platform received each message for `chatId`, oldest first. */
  arrivals(chatId: string): number[];
  texts(chatId: string): string[];
  residentWrites(chatId: string, text: string): Promise<void>;
  close(): Promise<void>;
}

async function telegramBot(intervalMs: number): Promise<Bot> {
  const stack = await startTelegramStack({ mode: "webhook", env: { TELEGRAM_CHAT_INTERVAL_MS: String(intervalMs) } });
  const ofChat = (chatId: string) => (payload: { chat_id?: unknown }) => String(payload.chat_id) === chatId;
  return {
    channel: "telegram",
    app: stack.app,
    running: stack.running,
    arrivals: (chatId) => stack.fake.callsOf("sendMessage").filter((call) => ofChat(chatId)(call.payload)).map((call) => call.at),
    texts: (chatId) => stack.fake.sentMessages().filter(ofChat(chatId)).map((message) => String(message.text)),
    residentWrites: async (chatId, text) => void (await stack.fake.deliverWebhook(textUpdate(text, { userId: Number(chatId) }))),
    close: () => stack.close(),
  };
}

async function zaloBot(intervalMs: number): Promise<Bot> {
  const dir = tempDir("motcua-pacing-");
  const app = await createApp({ config: { ...testConfig, DATA_DIR: dir.path, BROADCAST_QUIET_HOURS: "off" }, store: createMemoryStore() });
  const harness = await startZaloHarness({ mode: "polling", app, env: { ZALO_CHAT_INTERVAL_MS: String(intervalMs) } });
  return {
    channel: "zalo",
    app,
    running: harness.running,
    arrivals: (chatId) => harness.fake.callsOf("sendMessage").filter((call) => call.payload.chat_id === chatId).map((call) => call.at),
    texts: (chatId) => harness.texts(chatId),
    residentWrites: async (chatId, text) => void (await harness.say(chatId, text)),
    async close() {
      await harness.close();
      await app.close();
      dir.remove();
    },
  };
}

/** A background message whose replies go out as separate parts, one per text. */
function notice(bot: Bot, chatId: string, texts: string[]): NewOutboxMessage {
  return {
    channel: bot.channel,
    chatId,
    body: { replies: texts.map((text) => ({ blocks: [{ lines: [text] }] })), language: "vi" },
    kind: "notice",
    giveUpAfterMs: 3_600_000,
  };
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

async function waitForTexts(bot: Bot, chatId: string, count: number): Promise<string[]> {
  await vi.waitFor(() => expect(bot.texts(chatId).length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 10 });
  return bot.texts(chatId);
}

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe.each([
  ["Telegram", telegramBot],
  ["Zalo", zaloBot],
] as const)("pacing one chat's background messages on %s", (_name, start) => {
  const INTERVAL = 250;

  it("spaces the parts of one split message by the interval", async () => {
    bot = await start(INTERVAL);
    await bot.running.pipeline.enqueue([notice(bot, "701", ["Phần một", "Phần hai", "Phần ba"])]);
    const texts = await waitForTexts(bot, "701", 3);
    expect(texts.map((text) => text.replace(/<[^>]+>/g, ""))).toEqual(["Phần một", "Phần hai", "Phần ba"]);
    const spacing = gaps(bot.arrivals("701"));
    expect(spacing).toHaveLength(2);
    for (const gap of spacing) expect(gap).toBeGreaterThanOrEqual(INTERVAL - ROUNDING_MS);
  });

  it("spaces two background messages to one chat, and a background message after a reply", async () => {
    bot = await start(INTERVAL);
    await bot.residentWrites("702", "xin chào");
    await waitForTexts(bot, "702", 1);
    const replies = bot.texts("702").length;
    await bot.running.pipeline.enqueue([notice(bot, "702", ["Thông báo một"]), notice(bot, "702", ["Thông báo hai"])]);
    const texts = await waitForTexts(bot, "702", replies + 2);
    expect(texts.slice(replies).map((text) => text.replace(/<[^>]+>/g, ""))).toEqual(["Thông báo một", "Thông báo hai"]);
    const arrivals = bot.arrivals("702");
    const [afterReply, betweenNotices] = gaps(arrivals.slice(replies - 1));
    expect(afterReply).toBeGreaterThanOrEqual(INTERVAL - ROUNDING_MS);
    expect(betweenNotices).toBeGreaterThanOrEqual(INTERVAL - ROUNDING_MS);
  });

  it("does not space different chats against each other", async () => {
    bot = await start(LONG_MS);
    const chats = ["711", "712", "713", "714", "715", "716"];
    await bot.running.pipeline.enqueue(chats.map((chatId) => notice(bot!, chatId, [`Tin cho ${chatId}`])));
    // Spaced against each other, the last would wait five minutes.
    for (const chatId of chats) expect(await waitForTexts(bot, chatId, 1)).toHaveLength(1);
  });

  it("does not hold a reply back, and a stop does not wait for the pacing", async () => {
    bot = await start(LONG_MS);
    // 721 gets the first part of a long notice; its second part waits the interval.
    await bot.running.pipeline.enqueue([notice(bot, "721", ["Phần đầu", "Phần cuối"])]);
    await waitForTexts(bot, "721", 1);
    // 722 got a notice; the next one waits the interval before its first part.
    await bot.running.pipeline.enqueue([notice(bot, "722", ["Tin một"])]);
    await waitForTexts(bot, "722", 1);
    await bot.running.pipeline.enqueue([notice(bot, "722", ["Tin hai"])]);

    // The resident in 721 writes in the middle of the long notice and is answered at once.
    await bot.residentWrites("721", "xin chào");
    const texts = await waitForTexts(bot, "721", 2);
    expect(texts.some((text) => text.includes("Phần cuối"))).toBe(false);

    // Both pacing waits are cut short by the stop, well before its 30-second deadline.
    const stopped = bot.running.stop(Date.now() + 30_000, { keepApp: true }).then(() => "stopped");
    expect(await Promise.race([stopped, sleep(10_000).then(() => "still waiting")])).toBe("stopped");
    expect(bot.texts("721").some((text) => text.includes("Phần cuối"))).toBe(false);
    expect(bot.texts("722")).toHaveLength(1);

    // Nothing is lost: both wait for the next start, the long one after the part it delivered.
    const left = await bot.app.records.outbox.claimDue(bot.channel, "next-run", 60_000, 10);
    const byChat = Object.fromEntries(left.map((entry) => [entry.chatId, entry.partsSent]));
    expect(byChat).toEqual({ "721": 1, "722": 0 });
  });
});
