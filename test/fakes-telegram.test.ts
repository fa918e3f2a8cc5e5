import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, Bot, BotError, GrammyError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  callbackUpdate,
  postWebhookUpdate,
  startFakeTelegram,
  textUpdate,
  type FakeTelegram,
} from "./fakes/telegram-api.js";

let fake: FakeTelegram;
let api: Api;
let bot: Bot | undefined;
let botRun: Promise<void> | undefined;
let receiver: Server | undefined;

beforeEach(async () => {
  fake = await startFakeTelegram({ botUsername: "fake_motcua_bot" });
  api = new Api(fake.token, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  if (bot?.isRunning()) await bot.stop();
  await botRun?.catch(() => undefined);
  bot = undefined;
  botRun = undefined;
  await fake.close();
  if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  receiver = undefined;
});

/** Starts long polling against the fake; resolves once polling has begun. */
async function startBot(setup: (b: Bot) => void): Promise<Bot> {
  const b = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  setup(b);
  bot = b;
  await new Promise<void>((resolve, reject) => {
    botRun = b.start({ timeout: 2, onStart: () => resolve() });
    botRun.catch(reject);
  });
  return b;
}

/** A getUpdates call whose offset is past `updateId`, i.e. the update was confirmed. */
function confirms(updateId: number) {
  return (c: { method: string; payload: Record<string, unknown> }) =>
    c.method === "getUpdates" && typeof c.payload.offset === "number" && c.payload.offset > updateId;
}

describe("fake Telegram Bot API", () => {
  it("answers getMe with the configured bot and records the call", async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ is_bot: true, username: "fake_motcua_bot", can_join_groups: true });
    expect(me.id).toBe(fake.botInfo.id);
    expect(fake.calls.map((c) => c.method)).toEqual(["getMe"]);
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("rejects a wrong token with 401 and does not record it", async () => {
    const wrong = new Api("42:not-the-token", { apiRoot: fake.apiRoot });
    const err = await wrong.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(401);

    const res = await fetch(`${fake.apiRoot}/bot42:not-the-token/getMe`, { method: "POST" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect(fake.calls).toHaveLength(0);
  });

  it("answers unknown methods with 404", async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/noSuchMethod`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: "Not Found: method not found" });
  });

  it("accepts query-string and urlencoded parameters", async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage?chat_id=5`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ text: "xin chào" }).toString(),
    });
    const body = (await res.json()) as { ok: boolean; result: { chat: { id: number }; text: string } };
    expect(res.status).toBe(200);
    expect(body.result.chat.id).toBe(5);
    expect(body.result.text).toBe("xin chào");
  });

  it("delivers a pushed text message to a polling bot and records its reply", async () => {
    await startBot((b) => {
      b.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    });
    const id = fake.pushUpdate(textUpdate("hello", { userId: 77 }));

    const call = await fake.waitFor("sendMessage");
    expect(call.payload).toMatchObject({ chat_id: 77, text: "echo: hello" });
    expect(fake.sentMessages()).toEqual([expect.objectContaining({ chat_id: 77, text: "echo: hello" })]);
    await fake.waitFor(confirms(id));
    expect(fake.pendingUpdates).toHaveLength(0);
  });

  it("assigns increasing update ids and message ids", async () => {
    const a = fake.pushUpdate(textUpdate("a"));
    const b = fake.pushUpdate(textUpdate("b"));
    const c = fake.pushUpdate({ ...textUpdate("c"), update_id: b + 10 });
    const d = fake.pushUpdate(textUpdate("d"));
    expect(b).toBe(a + 1);
    expect(c).toBe(b + 10);
    expect(d).toBe(c + 1);

    const m1 = await api.sendMessage(1, "one");
    const m2 = await api.sendMessage(1, "two");
    expect(m2.message_id).toBe(m1.message_id + 1);
    expect(m1).toMatchObject({ chat: { id: 1, type: "private" }, text: "one" });
    expect(typeof m1.date).toBe("number");
  });

  it("confirms updates through offset so they are not delivered twice", async () => {
    const first = fake.pushUpdate(textUpdate("one"));
    const second = fake.pushUpdate(textUpdate("two"));

    // Without an offset nothing is confirmed: the same updates come again.
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([first, second]);
    expect((await api.getUpdates({ limit: 1 })).map((u) => u.update_id)).toEqual([first]);
    expect((await api.getUpdates({ offset: second })).map((u) => u.update_id)).toEqual([second]);
    expect(await api.getUpdates({ offset: second + 1 })).toEqual([]);
    expect(fake.pendingUpdates).toHaveLength(0);
  });

  it("lets a polling bot handle each update exactly once", async () => {
    const seen: string[] = [];
    await startBot((b) => {
      b.on("message:text", (ctx) => {
        seen.push(ctx.message.text);
      });
    });
    const first = fake.pushUpdate(textUpdate("one"));
    await fake.waitFor(confirms(first));
    const second = fake.pushUpdate(textUpdate("two"));
    await fake.waitFor(confirms(second));
    // A fake that ignored offsets would have handed "one" back before "two" got confirmed.
    expect(seen).toEqual(["one", "two"]);
  });

  it("returns an empty list when a long poll times out", async () => {
    const started = Date.now();
    const updates = await api.getUpdates({ timeout: 1 });
    const elapsed = Date.now() - started;
    expect(updates).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
  });

  it("wakes a pending long poll when an update is pushed", async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 10 });
    await fake.waitFor("getUpdates");
    const id = fake.pushUpdate(textUpdate("wake up"));
    const updates = await poll;
    expect(updates.map((u) => u.update_id)).toEqual([id]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers a pending long poll promptly on close()", async () => {
    const poll = api.getUpdates({ timeout: 30 });
    await fake.waitFor("getUpdates");
    const started = Date.now();
    await fake.close();
    await expect(poll).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("only delivers default update types unless allowed_updates asks for more", async () => {
    const reaction = fake.pushUpdate({
      message_reaction: {
        chat: { id: 1, type: "private", first_name: "A" },
        message_id: 1,
        date: 0,
        old_reaction: [],
        new_reaction: [],
      },
    });
    const text = fake.pushUpdate(textUpdate("hi"));
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([text]);
    expect((await api.getUpdates({ allowed_updates: ["message_reaction", "message"] })).map((u) => u.update_id)).toEqual([
      reaction,
      text,
    ]);
  });

  it("failNext makes the next calls fail with a GrammyError", async () => {
    fake.failNext(
      "sendMessage",
      { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } },
      2,
    );
    for (let i = 0; i < 2; i++) {
      const err = await api.sendMessage(1, "hi").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrammyError);
      expect(err).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    }
    await expect(api.sendMessage(1, "third time")).resolves.toMatchObject({ text: "third time" });
    expect(fake.callsOf("sendMessage")).toHaveLength(3);
    expect(fake.sentMessages().map((m) => m.text)).toEqual(["third time"]);

    fake.failNext("getMe", { error_code: 500, description: "Internal Server Error" });
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/getMe`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
  });

  it("failNext errors reach the bot's error handler", async () => {
    const errors: unknown[] = [];
    await startBot((b) => {
      b.on("message:text", (ctx) => ctx.reply("ok"));
      b.catch((e) => {
        errors.push(e);
      });
    });
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const id = fake.pushUpdate(textUpdate("hi"));
    await fake.waitFor(confirms(id));
    expect(errors).toHaveLength(1);
    const err = errors[0];
    expect(err).toBeInstanceOf(BotError);
    expect((err as BotError).error).toBeInstanceOf(GrammyError);
    expect((err as BotError).error).toMatchObject({ error_code: 403 });
    expect(fake.sentMessages()).toHaveLength(0);
  });

  it("handles callback queries", async () => {
    await startBot((b) => {
      b.callbackQuery("yes", async (ctx) => {
        await ctx.answerCallbackQuery({ text: "noted" });
        await ctx.editMessageText("You said yes");
      });
    });
    fake.pushUpdate(callbackUpdate("yes", { userId: 9, messageId: 555, queryId: "q1" }));
    const edit = await fake.waitFor("editMessageText");
    expect(edit.payload).toMatchObject({ chat_id: 9, message_id: 555, text: "You said yes" });
    expect(fake.callsOf("answerCallbackQuery")[0]?.payload).toMatchObject({ callback_query_id: "q1", text: "noted" });
  });

  it("edits messages it sent and refuses no-op edits like Telegram", async () => {
    const keyboard = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const sent = await api.sendMessage(3, "pick", { reply_markup: keyboard });
    expect(sent.reply_markup).toEqual(keyboard);

    const edited = await api.editMessageText(3, sent.message_id, "picked");
    expect(edited).toMatchObject({ text: "picked", message_id: sent.message_id });
    expect(edited === true ? undefined : edited.reply_markup).toBeUndefined();

    const err = await api.editMessageText(3, sent.message_id, "picked").catch((e: unknown) => e);
    expect(err).toMatchObject({ error_code: 400 });
    expect((err as GrammyError).description).toContain("message is not modified");

    await expect(api.editMessageReplyMarkup(3, sent.message_id, { reply_markup: keyboard })).resolves.toMatchObject({
      reply_markup: keyboard,
    });
    await expect(api.sendChatAction(3, "typing")).resolves.toBe(true);
  });

  it("validates message text", async () => {
    await expect(api.sendMessage(1, "")).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendMessage(1, "x".repeat(4097))).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: message is too long",
    });
    await expect(api.sendMessage(1, "x".repeat(4096))).resolves.toMatchObject({ chat: { id: 1 } });
  });

  it("stores commands per scope and language", async () => {
    await api.setMyCommands([{ command: "start", description: "Bắt đầu" }]);
    await api.setMyCommands([{ command: "start", description: "Start" }], { language_code: "en" });
    await api.setMyCommands([{ command: "admin", description: "Admin" }], { scope: { type: "chat", chat_id: 5 } });

    expect(await api.getMyCommands()).toEqual([{ command: "start", description: "Bắt đầu" }]);
    expect(await api.getMyCommands({ language_code: "en" })).toEqual([{ command: "start", description: "Start" }]);
    expect(await api.getMyCommands({ scope: { type: "chat", chat_id: 5 } })).toEqual([
      { command: "admin", description: "Admin" },
    ]);
    expect(await api.getMyCommands({ scope: { type: "all_private_chats" } })).toEqual([]);
    expect(fake.commands({ language_code: "en" })).toEqual([{ command: "start", description: "Start" }]);

    await expect(api.setMyCommands([{ command: "Bad-Name", description: "x" }])).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: BOT_COMMAND_INVALID",
    });
  });

  it("keeps webhook state and blocks getUpdates while a webhook is set", async () => {
    fake.pushUpdate(textUpdate("queued"));
    await api.setWebhook("https://example.test/hook", { secret_token: "s3cret", drop_pending_updates: true });
    expect(fake.webhook).toMatchObject({
      url: "https://example.test/hook",
      secret_token: "s3cret",
      drop_pending_updates: true,
    });
    expect(await api.getWebhookInfo()).toMatchObject({
      url: "https://example.test/hook",
      has_custom_certificate: false,
      pending_update_count: 0,
    });
    await expect(api.getUpdates()).rejects.toMatchObject({ error_code: 409 });

    await api.deleteWebhook();
    expect(fake.webhook.url).toBe("");
    expect((await api.getWebhookInfo()).url).toBe("");
    await expect(api.getUpdates()).resolves.toEqual([]);
  });

  it("posts webhook updates like Telegram, raw strings included", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(req.headers["x-telegram-bot-api-secret-token"] === "s3cret" ? 200 : 401);
        res.end("done");
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    expect(await postWebhookUpdate(url, { update_id: 1 }, "s3cret")).toEqual({ status: 200, body: "done" });
    expect(await postWebhookUpdate(url, "{not json")).toEqual({ status: 401, body: "done" });
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received[0]?.body ?? "")).toEqual({ update_id: 1 });
    expect(received[1]?.body).toBe("{not json");
    expect(received[1]?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();

    await api.setWebhook(url, { secret_token: "s3cret" });
    const delivered = await fake.deliverWebhook(textUpdate("via webhook"));
    expect(delivered.status).toBe(200);
    const body = JSON.parse(received[2]?.body ?? "{}") as { update_id?: number; message?: { text?: string } };
    expect(body.message?.text).toBe("via webhook");
    expect(typeof body.update_id).toBe("number");
  });

  it("waitFor rejects with the recorded method names", async () => {
    await api.getMe();
    await api.sendChatAction(1, "typing");
    await expect(fake.waitFor("sendMessage", 50)).rejects.toThrow(/getMe, sendChatAction/);
  });

  it("reset clears recorded calls in place", async () => {
    const calls = fake.calls;
    await api.getMe();
    await api.sendMessage(1, "x");
    fake.reset();
    expect(calls).toHaveLength(0);
    expect(fake.sentMessages()).toHaveLength(0);
    await api.getMe();
    expect(fake.calls.map((c) => c.method)).toEqual(["getMe"]);
  });
});
