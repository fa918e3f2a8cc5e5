import { once } from "node:events";
import { createServer } from "node:http";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_TEXT_LENGTH, ZaloApi, type ZaloApiOptions } from "../src/channels/zalo/api.js";
import { redactToken, ZaloApiError, ZaloNetworkError, ZaloQuotaError } from "../src/channels/zalo/errors.js";
import { parseWebhookBody } from "../src/channels/zalo/types.js";
import { postWebhook, startFakeZalo, type FakeZalo } from "./fakes/zalo-api.js";

let fake: FakeZalo;
let sleeps: number[];

/** A client against the fake that records backoff delays instead of waiting. */
function client(overrides: Partial<ZaloApiOptions> = {}): ZaloApi {
  return new ZaloApi({
    token: fake.token,
    apiRoot: fake.apiRoot,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

/** The rejection of `promise`, failing the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the promise to reject");
}

beforeEach(async () => {
  fake = await startFakeZalo();
  sleeps = [];
});

afterEach(async () => {
  await fake.close();
});

describe("ZaloApi basics", () => {
  it("getMe parses the bot info", async () => {
    const me = await client().getMe();
    expect(me).toMatchObject({ id: "7000000000000000001", account_name: "motcua_test_bot", can_join_groups: true });
    expect(fake.callsOf("getMe")).toHaveLength(1);
  });

  it("sends text, photo and typing", async () => {
    const api = client();
    const sent = await api.sendMessage({ chat_id: "c1", text: "Xin chào" });
    expect(sent.message_id).toMatch(/^[0-9a-f]+$/);
    expect(typeof sent.date).toBe("number");
    await api.sendPhoto({ chat_id: "c1", photo: "https://example.org/a.png", caption: "Ảnh" });
    await api.sendChatAction({ chat_id: "c1", action: "typing" });
    expect(fake.sentMessages()).toEqual([expect.objectContaining({ chat_id: "c1", text: "Xin chào" })]);
    expect(fake.calls.map((call) => call.method)).toEqual(["sendMessage", "sendPhoto", "sendChatAction"]);
  });

  it("the fake refuses markdown with stray braces so callers can fall back to plain text", async () => {
    const api = client();
    const err = await rejectionOf(api.sendMessage({ chat_id: "c1", text: "Phí {miễn}", parse_mode: "markdown" }));
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ errorCode: 400, description: expect.stringMatching(/can't parse entities/) });
    await api.sendMessage({ chat_id: "c1", text: "Phí {miễn}" });
    expect(fake.sentMessages().map((m) => m.text)).toEqual(["Phí {miễn}"]);
  });
});

describe("getUpdates", () => {
  it("returns one update per call, then null when idle (408)", async () => {
    const api = client();
    const first = fake.pushText({ chatId: "u1", text: "một" });
    fake.pushText({ chatId: "u2", text: "hai" });
    expect(await api.getUpdates({ timeout: 0 })).toEqual(first);
    const second = await api.getUpdates({ timeout: 0 });
    expect(second?.message.text).toBe("hai");
    expect(second?.message.chat).toEqual({ id: "u2", chat_type: "PRIVATE" });
    expect(await api.getUpdates({ timeout: 0 })).toBeNull();
    expect(sleeps).toEqual([]);
  });

  it("long-polls until an update arrives", async () => {
    const api = client();
    const pending = api.getUpdates({ timeout: 10 });
    await fake.waitFor((f) => f.pendingPolls === 1);
    fake.pushText({ chatId: "u1", text: "đến rồi", messageId: "abc123" });
    const update = await pending;
    expect(update?.message.message_id).toBe("abc123");
  });

  it("the fake answers an idle poll with HTTP 200 ok:false 408 and accepts timeout as a string", async () => {
    const response = await fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: "0" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error_code: 408, description: "Request timeout" });
  });

  it("an abort cancels the poll and the next update is not lost", async () => {
    const api = client();
    const controller = new AbortController();
    const pending = api.getUpdates({ timeout: 30 }, controller.signal);
    await fake.waitFor((f) => f.pendingPolls === 1);
    controller.abort();
    expect(await rejectionOf(pending)).toMatchObject({ name: "AbortError" });
    // Once the fake has noticed the client left, a push must be queued, not swallowed.
    await fake.waitFor((f) => f.pendingPolls === 0);
    fake.pushText({ chatId: "u1", text: "sau khi huỷ" });
    expect((await api.getUpdates({ timeout: 0 }))?.message.text).toBe("sau khi huỷ");
  });

  it("close() returns promptly while a poll is waiting", async () => {
    const api = client({ retries: 0 });
    const pending = api.getUpdates({ timeout: 30 }).catch((err: unknown) => err);
    await fake.waitFor((f) => f.pendingPolls === 1);
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1000);
    const outcome = await pending;
    expect(outcome === null || outcome instanceof ZaloNetworkError).toBe(true);
  });

  it("fails while a webhook is set", async () => {
    const api = client();
    await api.setWebhook({ url: "https://bot.example.org/zalo", secret_token: "s3cret-token" });
    const err = await rejectionOf(api.getUpdates({ timeout: 0 }));
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ method: "getUpdates", errorCode: 400 });
  });

  it("gives the HTTP request more time than the long poll", async () => {
    // Answers after 40 ms: longer than timeoutMs, shorter than poll time + timeoutMs.
    const slowFetch: typeof fetch = (_input, init) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          resolve(new Response(JSON.stringify({ ok: false, error_code: 408, description: "Request timeout" })));
        }, 40);
        init?.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new DOMException("aborted", "AbortError"));
        });
      });
    const api = client({ fetch: slowFetch, timeoutMs: 20, retries: 0 });
    expect(await api.getUpdates({ timeout: 1 })).toBeNull();
    const err = await rejectionOf(api.getMe());
    expect(err).toBeInstanceOf(ZaloNetworkError);
    expect(err).toMatchObject({ transient: true, message: expect.stringMatching(/no answer within 20 ms/) });
  });
});

describe("errors and retries", () => {
  it("ok:false with HTTP 200 raises ZaloApiError with code and description", async () => {
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: user has not messaged the bot" });
    const err = await rejectionOf(client().sendMessage({ chat_id: "c1", text: "hi" }));
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).not.toBeInstanceOf(ZaloQuotaError);
    expect(err).toMatchObject({
      name: "ZaloApiError",
      method: "sendMessage",
      errorCode: 403,
      description: "Forbidden: user has not messaged the bot",
    });
  });

  it("429 raises ZaloQuotaError", async () => {
    const api = client();
    fake.setQuota(1);
    await api.sendMessage({ chat_id: "c1", text: "một" });
    const err = await rejectionOf(api.sendMessage({ chat_id: "c2", text: "hai" }));
    expect(err).toBeInstanceOf(ZaloQuotaError);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ errorCode: 429, description: "Quota exceeded" });
    expect(fake.sentMessages()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("retries HTTP 502 with exponential backoff, then succeeds", async () => {
    fake.failNextHttp("sendMessage", 502, 2);
    const sent = await client().sendMessage({ chat_id: "c1", text: "hi" });
    expect(sent.message_id).toBeTruthy();
    expect(fake.callsOf("sendMessage")).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("gives ZaloNetworkError after the retries run out", async () => {
    fake.failNextHttp("getMe", 502, 10);
    const err = await rejectionOf(client({ retries: 3, backoffMs: 100 }).getMe());
    expect(err).toBeInstanceOf(ZaloNetworkError);
    expect(err).toMatchObject({ method: "getMe", status: 502, transient: true });
    expect(fake.callsOf("getMe")).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it("retries connection failures", async () => {
    const apiRoot = fake.apiRoot;
    await fake.close();
    const err = await rejectionOf(client({ apiRoot, retries: 2 }).getMe());
    expect(err).toBeInstanceOf(ZaloNetworkError);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("never retries ok:false or HTTP 4xx", async () => {
    const api = client();
    fake.failNext("sendMessage", { error_code: 400, description: "Bad Request" }, 5);
    expect(await rejectionOf(api.sendMessage({ chat_id: "c1", text: "hi" }))).toBeInstanceOf(ZaloApiError);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);

    fake.failNextHttp("getMe", 404, 5);
    expect(await rejectionOf(api.getMe())).toMatchObject({ name: "ZaloApiError", errorCode: 404 });
    expect(fake.callsOf("getMe")).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("rejects text outside 1-2000 UTF-16 units before any call", async () => {
    const api = client();
    await expect(api.sendMessage({ chat_id: "c1", text: "a".repeat(MAX_TEXT_LENGTH + 1) })).rejects.toThrow(RangeError);
    await expect(api.sendMessage({ chat_id: "c1", text: "" })).rejects.toThrow(/1-2000/);
    // An emoji is two UTF-16 units: 1001 of them are over the limit.
    await expect(api.sendMessage({ chat_id: "c1", text: "😀".repeat(1001) })).rejects.toThrow(RangeError);
    expect(fake.calls).toHaveLength(0);
    await api.sendMessage({ chat_id: "c1", text: "😀".repeat(1000) });
    expect(fake.calls).toHaveLength(1);
  });

  it("the fake itself refuses empty and over-long text", async () => {
    const post = (text: string) =>
      fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: "c1", text }),
      }).then((r) => r.json());
    expect(await post("")).toMatchObject({ ok: false, error_code: 400 });
    expect(await post("x".repeat(2001))).toMatchObject({ ok: false, error_code: 400 });
  });

  it("a wrong token gets 401", async () => {
    const err = await rejectionOf(client({ token: "999:wrong" }).getMe());
    expect(err).toMatchObject({ name: "ZaloApiError", errorCode: 401 });
  });

  it("an abort during backoff stops the retries", async () => {
    const controller = new AbortController();
    fake.failNextHttp("getMe", 502, 10);
    const api = client({
      sleep: async (ms) => {
        sleeps.push(ms);
        controller.abort();
      },
    });
    expect(await rejectionOf(api.getMe(controller.signal))).toMatchObject({ name: "AbortError" });
    expect(fake.callsOf("getMe")).toHaveLength(1);
  });
});

describe("token secrecy", () => {
  it("never puts the token in an error message, stack, JSON or inspect output", async () => {
    const token = fake.token;
    const errors: unknown[] = [];
    const api = client();

    errors.push(await rejectionOf(client({ token: "4242:another-secret" }).getMe()));
    fake.failNext("getMe", { error_code: 400, description: `bad token ${token} in /bot${token}/getMe` });
    errors.push(await rejectionOf(api.getMe()));
    fake.failNextHttp("getMe", 502, 10);
    errors.push(await rejectionOf(api.getMe()));
    // fetch implementations put the URL into some errors; the client must scrub it.
    const leakyFetch: typeof fetch = async (input) => {
      throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause: new Error(`at ${String(input)}`) });
    };
    errors.push(await rejectionOf(client({ fetch: leakyFetch }).getMe()));
    const deadRoot = fake.apiRoot;
    await fake.close();
    errors.push(await rejectionOf(client({ apiRoot: deadRoot }).sendMessage({ chat_id: "c", text: "x" })));

    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      if (!(err instanceof Error)) continue;
      for (const text of [err.message, err.stack ?? "", JSON.stringify(err), inspect(err, { depth: 10 })]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain("another-secret");
        expect(text).not.toContain(encodeURIComponent(token));
      }
    }
    expect(errors[1]).toMatchObject({ description: expect.stringContaining("<redacted>") });
    expect(errors[3]).toMatchObject({ message: expect.stringContaining("<redacted>") });
  });

  it("the client object does not reveal its token", () => {
    const api = client();
    expect(JSON.stringify(api)).not.toContain(fake.token);
    expect(inspect(api, { depth: 10, showHidden: true })).not.toContain(fake.token);
  });

  it("redactToken removes raw and URL-encoded forms", () => {
    expect(redactToken("/bot12:ab/getMe and 12%3Aab", "12:ab")).toBe("/bot<redacted>/getMe and <redacted>");
    expect(redactToken("unchanged", "")).toBe("unchanged");
  });
});

describe("webhook", () => {
  it("setWebhook, getWebhookInfo and deleteWebhook round-trip", async () => {
    const api = client();
    expect((await api.getWebhookInfo()).url).toBe("");
    const set = await api.setWebhook({ url: "https://bot.example.org/zalo", secret_token: "s3cret-token" });
    expect(set.url).toBe("https://bot.example.org/zalo");
    expect(fake.webhook).toMatchObject({ url: "https://bot.example.org/zalo", secret_token: "s3cret-token" });
    expect((await api.getWebhookInfo()).url).toBe("https://bot.example.org/zalo");
    expect((await api.deleteWebhook()).url).toBe("");
    expect((await api.getWebhookInfo()).url).toBe("");
    expect(await api.getUpdates({ timeout: 0 })).toBeNull();
  });

  it("setWebhook checks the secret length before calling", async () => {
    await expect(client().setWebhook({ url: "https://x.example", secret_token: "short" })).rejects.toThrow(/8-256/);
    expect(fake.calls).toHaveLength(0);
  });

  it("parseWebhookBody accepts wrapped and flat bodies and rejects junk", () => {
    const update = {
      event_name: "message.text.received",
      message: {
        message_id: "5f1a",
        date: 1767225600000,
        from: { id: "u1", display_name: "An", is_bot: false },
        chat: { id: "u1", chat_type: "PRIVATE" },
        text: "xin chào",
      },
    };
    expect(parseWebhookBody(update)).toEqual(update);
    expect(parseWebhookBody({ ok: true, result: update })).toEqual(update);
    // Extra fields and null pass; numeric ids become strings.
    const odd = parseWebhookBody({
      event_name: "message.unsupported.received",
      message: { message_id: 77, date: "1767225600000", from: { id: 1, display_name: null }, chat: { id: 1, chat_type: "GROUP" }, extra: true },
    });
    expect(odd?.message).toMatchObject({ message_id: "77", date: 1767225600000, chat: { id: "1", chat_type: "GROUP" } });

    for (const junk of [null, undefined, "text", 42, [], {}, { ok: false, result: update }, { event_name: "x" },
      { ok: true, result: { event_name: "x", message: { message_id: "1" } } },
      { event_name: "x", message: { ...update.message, chat: { id: "u1", chat_type: "CHANNEL" } } }]) {
      expect(parseWebhookBody(junk)).toBeNull();
    }
  });

  it("postWebhook sends the secret header in both shapes", async () => {
    const received: { secret: string | undefined; body: unknown }[] = [];
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      req.on("end", () => {
        const header = req.headers["x-bot-api-secret-token"];
        received.push({ secret: typeof header === "string" ? header : undefined, body: JSON.parse(raw) });
        res.writeHead(200).end("ok");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no address");
      const url = `http://127.0.0.1:${address.port}/zalo`;
      const update = { event_name: "message.text.received", message: { message_id: "1" } };
      expect(await postWebhook(url, update, "s3cret-token")).toEqual({ status: 200, body: "ok" });
      await postWebhook(url, update, "s3cret-token", "flat");
      expect(received).toEqual([
        { secret: "s3cret-token", body: { ok: true, result: update } },
        { secret: "s3cret-token", body: update },
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
