import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { App } from "../src/app.js";
import { startChannels } from "../src/channels/start.js";
import { createZaloChannel } from "../src/channels/zalo/channel.js";
import { renderReplies } from "../src/channels/zalo/render.js";
import { configSchema } from "../src/config.js";
import { messagesFor } from "../src/core/messages/index.js";
import type { Incoming, Outcome } from "../src/core/types.js";
import { Metrics } from "../src/http/metrics.js";
import { HttpServer } from "../src/http/server.js";
import { postWebhook, startFakeZalo } from "./fakes/zalo-api.js";
import { testApp } from "./helpers/app.js";
import {
  BOT_NAME,
  metricValue,
  eventUpdate,
  PUBLIC_URL,
  startZaloHarness,
  textUpdate,
  WEBHOOK_SECRET,
  type ZaloHarness,
  type ZaloHarnessOptions,
} from "./zalo-harness.js";

const vi_ = messagesFor("vi");
/** An intake for channels created on their own (start-up failures): nothing is ever stored. */
const intake = { accepting: () => true, ingest: async () => undefined };
let harness: ZaloHarness | undefined;
/** One app for the file: chat ids are unique per test, so conversations cannot mix. */
let app: App;

beforeAll(async () => {
  app = await testApp();
});

afterAll(async () => {
  await app.close();
});

async function start(options: ZaloHarnessOptions): Promise<ZaloHarness> {
  harness = await startZaloHarness({ app, ...options });
  return harness;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.close();
  harness = undefined;
});

/** Whitespace may change at split points; nothing else may. */
const squeeze = (text: string): string => text.replace(/\s+/g, "");

/**
 * Makes the core wait for `release()` before answering its first message (the first from
 * `chatId` when given), to observe what happens meanwhile.
 */
function holdCore(h: ZaloHarness, chatId?: string): { release: () => void; called: Promise<void> } {
  const original = h.app.core.handle.bind(h.app.core);
  let release = (): void => undefined;
  let entered = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const called = new Promise<void>((resolve) => (entered = resolve));
  let held = false;
  vi.spyOn(h.app.core, "handle").mockImplementation(async (incoming: Incoming): Promise<Outcome> => {
    if (!held && (chatId === undefined || incoming.chatId === chatId)) {
      held = true;
      entered();
      await gate;
    }
    return original(incoming);
  });
  return { release, called };
}

describe.each(["polling", "webhook"] as const)("Zalo conversations in %s mode", (mode) => {
  // The app is shared by the file and both modes run the same conversations: keep chats apart.
  it("greets with the topics as a numbered list and a hint to type a number", async () => {
    const h = await start({ mode });
    await h.say(`${mode}-u-help`, "xin chào");
    const [welcome] = await h.waitForTexts(`${mode}-u-help`, 1);
    expect(welcome).toContain(vi_.welcomeTitle(h.app.catalog.office.name));
    expect(welcome).toContain(`1. ${vi_.topics["civil-status"]}`);
    expect(welcome).toMatch(/\nGõ 1 để xem .+, 2 để xem .+…$/);
    expect(h.fake.sentMessages()[0]?.parse_mode).toBeUndefined();
  });

  it("offers a numbered choice for an ambiguous query and answers the typed number", async () => {
    const h = await start({ mode });
    await h.say(`${mode}-u-choice`, "chứng thực");
    const [choice] = await h.waitForTexts(`${mode}-u-choice`, 1);
    expect(choice).toContain(vi_.choosePrompt);
    const second = /^2\. (.+)$/m.exec(choice ?? "")?.[1];
    expect(second).toBeTruthy();
    await h.say(`${mode}-u-choice`, "2");
    const texts = await h.waitForTexts(`${mode}-u-choice`, 2);
    const procedure = h.app.catalog.procedures.find((candidate) => candidate.name === second);
    expect(procedure).toBeDefined();
    expect(texts[1]).toContain(procedure?.name);
    expect(texts[1]).toContain(procedure?.code);
  });

  it("answers a section follow-up for the procedure shown last, sent right behind it", async () => {
    const h = await start({ mode });
    // Both at once: handled in order per chat, or the follow-up would not know the procedure.
    await h.say(`${mode}-u-section`, "làm giấy khai sinh cho con");
    await h.say(`${mode}-u-section`, "còn lệ phí?");
    const texts = await h.waitForTexts(`${mode}-u-section`, 3);
    const followUp = texts.at(-1) ?? "";
    expect(followUp).toMatch(/^Đăng ký khai sinh\n/);
    expect(followUp).toContain(vi_.sectionTitles.fees);
    expect(followUp).not.toContain(vi_.sectionTitles.documents);
    expect(followUp).toMatch(/\nGõ 1 để xem Giấy tờ, 2 để xem Thời gian…$/);
    await h.say(`${mode}-u-section`, "2");
    const [, , , time] = await h.waitForTexts(`${mode}-u-section`, 4);
    expect(time).toContain(vi_.sectionTitles.time);
  });

  it("handles one chat's messages in order while other chats carry on", async () => {
    const h = await start({ mode });
    const slow = `${mode}-u-slow`;
    const core = holdCore(h, slow);
    await h.say(slow, "xin chào");
    await core.called;
    await h.say(slow, "chứng thực");
    await h.say(`${mode}-u-other`, "xin chào");
    await h.waitForTexts(`${mode}-u-other`, 1);
    expect(h.texts(slow)).toEqual([]);
    core.release();
    const texts = await h.waitForTexts(slow, 2);
    expect(texts[0]).toContain(vi_.welcomeTitle(h.app.catalog.office.name));
    expect(texts[1]).toContain(vi_.choosePrompt);
  });

  it("handles a duplicate delivery once", async () => {
    const h = await start({ mode });
    const update = textUpdate(`${mode}-u-dup`, "xin chào");
    await h.deliver(update);
    await h.deliver(update);
    await h.say(`${mode}-u-dup`, "chứng thực");
    // Same chat, so handled in order: had the repeat been answered, its welcome would come second.
    const texts = await h.waitForTexts(`${mode}-u-dup`, 2);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain(vi_.choosePrompt);
  });

  it("splits a reply over 2,000 characters into messages that each fit, losing nothing", async () => {
    const h = await start({ mode });
    const expected = renderReplies((await h.app.core.handle({ channel: "console", chatId: "x", userId: "x", kind: "text", text: "đăng ký khai sinh" })).replies, "vi");
    expect(expected.join("").length).toBeGreaterThan(2000);
    await h.say(`${mode}-u-long`, "đăng ký khai sinh");
    await h.waitForTexts(`${mode}-u-long`, 2);
    await h.fake.waitFor(() => squeeze(h.texts(`${mode}-u-long`).join("")).length >= squeeze(expected.join("")).length);
    const texts = h.texts(`${mode}-u-long`);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(2000);
    expect(squeeze(texts.join(""))).toBe(squeeze(expected.join("")));
    expect(texts[0]).toMatch(/^Đăng ký khai sinh\nMã thủ tục: 1\.001193/);
  });

  it("keeps a reply owed when the quota runs out, without crashing, and answers again once it is back", async () => {
    const h = await start({ mode });
    const chat = `${mode}-u-quota`;
    h.fake.setQuota(0);
    await h.say(chat, "xin chào");
    await h.fake.waitFor(() => h.fake.callsOf("sendMessage").length === 1);
    await vi.waitFor(async () => expect(await metricValue(h.metrics, "motcua_outbox_quota_total", { channel: "zalo" })).toBe(1));
    // The refused reply is kept for later (the quota pause), not dropped.
    const owed = () =>
      h.app.records.database.db.selectFrom("outbox").select("id").where("chat_id", "=", chat).where("state", "=", "pending").execute();
    await vi.waitFor(async () => expect(await owed()).toHaveLength(1));
    h.fake.setQuota(null);
    await h.say(chat, "đăng ký khai sinh");
    const [card] = await h.waitForTexts(chat, 1);
    expect(card).toMatch(/^Đăng ký khai sinh/);
  });

  it("answers a group message that mentions the bot, with the mention stripped, and ignores the rest", async () => {
    const h = await start({ mode });
    await h.say(`${mode}-g-1`, "chào cả nhà, mai họp nhé", { chatType: "GROUP", fromId: "member-1" });
    await h.say(`${mode}-g-1`, `@${BOT_NAME} đăng ký khai sinh`, { chatType: "GROUP", fromId: "member-2" });
    const [first] = await h.waitForTexts(`${mode}-g-1`, 1);
    expect(first).toMatch(/^Đăng ký khai sinh\n/);
    expect(h.texts("member-1")).toEqual([]);
  });

  it("answers an image, a sticker and an unsupported event with a short polite text", async () => {
    const h = await start({ mode });
    await h.deliver(eventUpdate("message.image.received", `${mode}-u-media`, { photo_url: "https://example.org/a.jpg" }));
    await h.deliver(eventUpdate("message.sticker.received", `${mode}-u-media`, { sticker: "abc" }));
    await h.deliver(eventUpdate("message.unsupported.received", `${mode}-u-media`));
    const texts = await h.waitForTexts(`${mode}-u-media`, 3);
    expect(texts).toEqual([vi_.unsupported, vi_.unsupported, vi_.unsupported]);
  });

  it("shows 'typing…' while a slow lookup runs", async () => {
    const h = await start({ mode, pipeline: { typingDelayMs: 20 } });
    const core = holdCore(h);
    await h.say(`${mode}-u-typing`, "xin chào");
    await core.called;
    await h.fake.waitFor(() => h.fake.callsOf("sendChatAction").length === 1);
    expect(h.fake.callsOf("sendChatAction")[0]?.payload).toEqual({ chat_id: `${mode}-u-typing`, action: "typing" });
    expect(h.texts(`${mode}-u-typing`)).toEqual([]);
    core.release();
    await h.waitForTexts(`${mode}-u-typing`, 1);
  });

  it("sends no typing indicator when the answer is quick", async () => {
    const h = await start({ mode, pipeline: { typingDelayMs: 10_000 } });
    await h.say(`${mode}-u-quick`, "xin chào");
    await h.waitForTexts(`${mode}-u-quick`, 1);
    expect(h.fake.callsOf("sendChatAction")).toEqual([]);
  });

  it("resends as plain text when Zalo refuses the markdown", async () => {
    const h = await start({ mode, channel: { parseMode: "markdown" } });
    h.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: can't parse entities" });
    await h.say(`${mode}-u-md`, "xin chào");
    await h.waitForTexts(`${mode}-u-md`, 1);
    const calls = h.fake.callsOf("sendMessage");
    expect(calls.map((call) => call.payload["parse_mode"])).toEqual(["markdown", undefined]);
    expect(calls[0]?.payload["text"]).toBe(calls[1]?.payload["text"]);
  });

  it("reports itself on /healthz", async () => {
    const h = await start({ mode });
    const health = await (await fetch(`${h.baseUrl}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, checks: { zalo: { ok: true, detail: mode }, records: { ok: true } } });
  });
});

describe("Zalo polling mode", () => {
  it("deletes any webhook before polling, with the long-poll timeout", async () => {
    const h = await start({ mode: "polling" });
    await h.fake.waitFor((fake) => fake.pendingPolls === 1);
    const methods = h.fake.calls.map((call) => call.method);
    expect(methods.slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
    expect(h.fake.callsOf("getUpdates")[0]?.payload).toEqual({ timeout: 30 });
    expect((await fetch(h.webhookUrl, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("backs off after failed polls and recovers", async () => {
    const h = await start({ mode: "polling", channel: { backoffMs: 20, maxBackoffMs: 40 } });
    await h.fake.waitFor((fake) => fake.pendingPolls === 1);
    h.fake.failNext("getUpdates", { error_code: 500, description: "Internal error" }, 3);
    // Ends the waiting poll; the next three polls fail.
    await h.say("u-backoff", "xin chào");
    await h.waitForTexts("u-backoff", 1);
    await h.say("u-backoff", "chứng thực");
    await h.waitForTexts("u-backoff", 2);
    expect(h.fake.callsOf("getUpdates").length).toBeGreaterThanOrEqual(5);
    const polls = h.fake.callsOf("getUpdates").map((call) => call.at);
    const failedAt = polls.slice(1, 5);
    const gaps = failedAt.slice(1).map((at, index) => at - (failedAt[index] ?? at));
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[2]).toBeGreaterThanOrEqual(35);
    expect(await (await fetch(`${h.baseUrl}/healthz`)).json()).toMatchObject({ checks: { zalo: { ok: true } } });
  });

  it("stops cleanly in the middle of a long poll", async () => {
    const h = await start({ mode: "polling" });
    await h.fake.waitFor((fake) => fake.pendingPolls === 1);
    const started = Date.now();
    await h.channel.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await h.fake.waitFor((fake) => fake.pendingPolls === 0);
    const polls = h.fake.callsOf("getUpdates").length;
    h.fake.pushText({ chatId: "u-late", text: "xin chào" });
    expect(h.fake.callsOf("getUpdates")).toHaveLength(polls);
    expect(await (await fetch(`${h.baseUrl}/healthz`)).json()).toMatchObject({ checks: { zalo: { ok: false, detail: "stopped" } } });
  });

  it("finishes the answer it is working on before stopping", async () => {
    const h = await start({ mode: "polling" });
    const core = holdCore(h);
    await h.say("u-stop", "xin chào");
    await core.called;
    const stopped = h.running.stop(Date.now() + 5_000, { keepApp: true });
    core.release();
    await stopped;
    expect(h.texts("u-stop")).toHaveLength(1);
  });

  it("refuses to start with a token Zalo rejects, saying which step failed", async () => {
    const fake = await startFakeZalo();
    try {
      const metrics = new Metrics();
      const logger = pino({ level: "silent" });
      const config = configSchema.parse({ ZALO_BOT_TOKEN: "1:wrong", ZALO_API_ROOT: fake.apiRoot });
      const channel = createZaloChannel({ config, logger, intake, http: new HttpServer({ metrics }) });
      await expect(channel.start()).rejects.toThrow(/Zalo channel cannot start \(getMe\).*401.*bot token/);
      await channel.stop();
    } finally {
      await fake.close();
    }
  });
});

describe("Zalo webhook mode", () => {
  it("registers the webhook with the secret and never polls", async () => {
    const h = await start({ mode: "webhook" });
    expect(h.fake.webhook).toMatchObject({ url: `${PUBLIC_URL}/zalo/webhook`, secret_token: WEBHOOK_SECRET });
    await h.say("u-hook", "xin chào");
    await h.waitForTexts("u-hook", 1);
    expect(h.fake.callsOf("getUpdates")).toEqual([]);
    expect(h.fake.callsOf("deleteWebhook")).toEqual([]);
  });

  it("refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const h = await start({ mode: "webhook" });
    const update = textUpdate("u-401", "xin chào");
    expect((await postWebhook(h.webhookUrl, update, "wrong-secret-value")).status).toBe(401);
    expect((await postWebhook(h.webhookUrl, update)).status).toBe(401);
    expect((await postWebhook(h.webhookUrl, update, `${WEBHOOK_SECRET}x`)).status).toBe(401);
    expect(await metricValue(h.metrics, "motcua_http_rejected_total", { reason: "unauthorized" })).toBe(3);
    // The same update with the right secret is answered: the refused ones were not recorded as seen.
    await h.deliver(update);
    expect(await h.waitForTexts("u-401", 1)).toHaveLength(1);
  });

  it("answers 400 to a body that is not JSON or not an update", async () => {
    const h = await start({ mode: "webhook" });
    expect((await postWebhook(h.webhookUrl, "{not json", WEBHOOK_SECRET)).status).toBe(400);
    expect((await postWebhook(h.webhookUrl, { hello: "world" }, WEBHOOK_SECRET, "flat")).status).toBe(400);
    expect(h.fake.callsOf("sendMessage")).toEqual([]);
  });

  it("accepts the flat body as well as the wrapped one, deduplicating across both", async () => {
    const h = await start({ mode: "webhook" });
    const update = textUpdate("u-flat", "xin chào");
    expect((await postWebhook(h.webhookUrl, update, WEBHOOK_SECRET, "flat")).status).toBe(200);
    expect((await postWebhook(h.webhookUrl, update, WEBHOOK_SECRET, "wrapped")).status).toBe(200);
    await h.say("u-flat", "chứng thực");
    const texts = await h.waitForTexts("u-flat", 2);
    expect(texts[0]).toContain(vi_.welcomeTitle(h.app.catalog.office.name));
    expect(texts[1]).toContain(vi_.choosePrompt);
  });

  it("answers 200 before the reply is worked out", async () => {
    const h = await start({ mode: "webhook" });
    const core = holdCore(h);
    expect((await postWebhook(h.webhookUrl, textUpdate("u-fast", "xin chào"), WEBHOOK_SECRET)).status).toBe(200);
    await core.called;
    expect(h.texts("u-fast")).toEqual([]);
    core.release();
    await h.waitForTexts("u-fast", 1);
  });

  it("answers 503 while stopping so Zalo delivers again later", async () => {
    const h = await start({ mode: "webhook" });
    h.running.pipeline.refuse();
    expect((await postWebhook(h.webhookUrl, textUpdate("u-503", "xin chào"), WEBHOOK_SECRET)).status).toBe(503);
  });

  it("will not start without ZALO_WEBHOOK_SECRET, and says how to fix it", async () => {
    const metrics = new Metrics();
    const config = configSchema.parse({ ZALO_BOT_TOKEN: "1:x", PUBLIC_URL });
    expect(() => createZaloChannel({ config, logger: pino({ level: "silent" }), intake, http: new HttpServer({ metrics }) })).toThrow(
      /ZALO_WEBHOOK_SECRET is not.*8-256 characters/,
    );
  });
});

describe("npm start wiring", () => {
  it("startChannels serves Zalo when ZALO_BOT_TOKEN is set, and stops cleanly", async () => {
    const fake = await startFakeZalo();
    try {
      const config = configSchema.parse({ ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot, HOST: "127.0.0.1", PORT: "0" });
      // startChannels closes the app it is given when it stops, so this test brings its own.
      const running = await startChannels({ app: await testApp(), config, logger: pino({ level: "silent" }) });
      fake.pushText({ chatId: "u-wired", text: "xin chào" });
      await fake.waitFor((f) => f.sentMessages().length === 1, 4000);
      const health = await (await fetch(`${running.url}/healthz`)).json();
      expect(health).toMatchObject({ ok: true, checks: { zalo: { ok: true, detail: "polling" } } });
      await running.stop();
      await fake.waitFor((f) => f.pendingPolls === 0);
    } finally {
      await fake.close();
    }
  });
});
