import { afterEach, describe, expect, it } from "vitest";
import { startFakeTelegram, textUpdate, type FakeTelegram } from "./fakes/telegram-api.js";
import { TEST_CONTENT_DIR, tempDir } from "./helpers/app.js";
import { freePort, startBotProcess, type BotProcess } from "./helpers/bot-process.js";

/**
 * The real bot process under a burst, killed hard (SIGKILL) or stopped (SIGTERM), then started
 * again on the same data: every update Telegram was told we received gets its answer, a hard
 * kill repeats at most the messages that were in flight, and a graceful stop repeats none.
 * Each update comes from its own chat and asks for one reply, so replies count per chat.
 */
const BURST = 80;
let fake: FakeTelegram | undefined;
let bots: BotProcess[] = [];
const dirs: Array<{ remove(): void }> = [];

afterEach(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await Promise.all(bots.map((bot) => bot.exited));
  bots = [];
  await fake?.close();
  for (const dir of dirs.splice(0)) dir.remove();
});

type Mode = "webhook" | "polling";

async function setUp(mode: Mode) {
  // A real network round trip per send and a modest rate, so a burst takes a few seconds to answer.
  fake = await startFakeTelegram({ sendLatencyMs: 60 });
  const port = await freePort();
  const data = tempDir("motcua-crash-");
  dirs.push(data);
  const env = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: mode === "webhook" ? `http://127.0.0.1:${port}` : "",
    PORT: String(port),
    CONTENT_DIR: TEST_CONTENT_DIR,
    DATA_DIR: data.path,
    INSTANCE_ID: "crash-test",
    TELEGRAM_MAX_PER_SECOND: "40",
    SHUTDOWN_DEADLINE_SECONDS: "10",
  };
  const start = async () => {
    const bot = startBotProcess(env);
    bots.push(bot);
    await bot.waitForLog("telegram connected", 60_000);
    return bot;
  };
  return { fake, start };
}

/** Delivers one "/help" per chat; returns the chats whose update was acknowledged. */
async function burst(fake: FakeTelegram, mode: Mode, firstChat: number, count: number): Promise<number[]> {
  const chats = Array.from({ length: count }, (_, index) => firstChat + index);
  if (mode === "polling") {
    for (const chat of chats) fake.pushUpdate(textUpdate("/help", { userId: chat }));
    return chats;
  }
  const acknowledged: number[] = [];
  for (let start = 0; start < chats.length; start += 25) {
    await Promise.all(
      chats.slice(start, start + 25).map(async (chat) => {
        const response = await fake.deliverWebhook(textUpdate("/help", { userId: chat })).catch(() => ({ status: 0 }));
        if (response.status === 200) acknowledged.push(chat);
      }),
    );
  }
  return acknowledged;
}

async function allAnswered(fake: FakeTelegram, chats: number[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = fake.sentPerChat();
    const missing = chats.filter((chat) => !counts.has(chat));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${missing.length} of ${chats.length} acknowledged updates never answered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForSent(fake: FakeTelegram, count: number): Promise<void> {
  while (fake.sentMessages().length < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.each<Mode>(["webhook", "polling"])("delivery across a crash and a stop (%s)", (mode) => {
  it("answers every acknowledged update after SIGKILL (repeating only what was in flight) and after SIGTERM (repeating nothing)", async () => {
    const { fake, start } = await setUp(mode);

    // A hard kill in the middle of a burst.
    const first = await start();
    const killed = await burst(fake, mode, 60_000, BURST);
    expect(killed).toHaveLength(BURST);
    await waitForSent(fake, 20);
    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    await first.exited;
    // The kill must land mid-burst, or this test proves nothing about recovery.
    expect(fake.sentPerChat().size).toBeLessThan(BURST);
    const inFlight = fake.callsOf("sendMessage").filter((call) => call.at >= killedAt - 1_000).length;
    const second = await start();
    await allAnswered(fake, killed);
    const duplicates = [...fake.sentPerChat().values()].filter((count) => count > 1).length;
    expect(duplicates).toBeLessThanOrEqual(inFlight);

    // A graceful stop in the middle of the next burst.
    const sentBefore = fake.sentMessages().length;
    const stopped = await burst(fake, mode, 70_000, BURST);
    await waitForSent(fake, sentBefore + 20);
    second.child.kill("SIGTERM");
    // While stopping, new webhook deliveries are refused (or find the port closed): not acknowledged.
    const late = mode === "webhook" ? await burst(fake, mode, 79_000, 10) : [];
    expect(await second.exited).toBe(0);
    expect(second.logs()).toContain('"msg":"stopped"');
    await start();
    await allAnswered(fake, [...stopped, ...late]);
    const counts = fake.sentPerChat();
    expect([...stopped, ...late].filter((chat) => (counts.get(chat) ?? 0) > 1)).toEqual([]);
  }, 180_000);
});
