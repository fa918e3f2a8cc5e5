/**
 * A fake Zalo Bot Platform API on 127.0.0.1 for tests: a real node:http server, so clients are
 * exercised over real HTTP. It reproduces the documented quirks that code must survive:
 * errors arrive with HTTP 200 and `ok: false`; getUpdates hands out ONE update per call and
 * answers an idle long poll with 408 "Request timeout"; polling fails while a webhook is set;
 * markdown with stray braces is refused with "can't parse entities"; over quota, 429.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** One request the fake received, in arrival order (including refused ones). */
export interface FakeCall {
  method: string;
  payload: Record<string, unknown>;
  /** Date.now() on arrival. */
  at: number;
}

/** A text the fake accepted through sendMessage. */
export interface SentMessage {
  chat_id: string;
  text: string;
  parse_mode?: string;
  message_id: string;
  date: number;
}

/** An `ok: false` answer to inject. */
export interface FakeApiFailure {
  error_code: number;
  description: string;
}

/** Options for `pushText`. */
export interface PushTextOptions {
  chatId: string;
  text: string;
  /** Sender; defaults to `chatId` (in a private chat they are the same). */
  fromId?: string;
  chatType?: "PRIVATE" | "GROUP";
  /** Defaults to a fresh hex id. */
  messageId?: string;
  displayName?: string;
}

/** Current webhook registration; `url` is "" when none is set. */
export interface FakeWebhookState {
  url: string;
  secret_token?: string;
  updated_at?: number;
}

/** Handle on a running fake. */
export interface FakeZalo {
  /** Pass as `apiRoot` to the client. */
  readonly apiRoot: string;
  /** The only token the fake accepts; anything else gets 401. */
  readonly token: string;
  /** Every request, in order. */
  readonly calls: readonly FakeCall[];
  /** The webhook registration as set by setWebhook / deleteWebhook. */
  readonly webhook: Readonly<FakeWebhookState>;
  /** Long polls currently held open (useful to wait until a bot is polling). */
  readonly pendingPolls: number;
  /** Calls of one method, in order. */
  callsOf(method: string): FakeCall[];
  /** Texts accepted by sendMessage, in order. */
  sentMessages(): SentMessage[];
  /** Queue an update for getUpdates (or hand it to a waiting long poll). Any object goes, even malformed ones. */
  pushUpdate(update: object): void;
  /** Queue a `message.text.received` update and return it. */
  pushText(options: PushTextOptions): TextUpdate;
  /** The next `times` calls of `method` get HTTP 200 `ok: false` with this error. */
  failNext(method: string, failure: FakeApiFailure, times?: number): void;
  /** The next `times` calls of `method` get this HTTP status with a non-JSON body. */
  failNextHttp(method: string, status: number, times?: number): void;
  /** Allow `n` more successful sendMessage calls, then answer 429 "Quota exceeded"; `null` lifts the limit. */
  setQuota(n: number | null): void;
  /** Resolve when `predicate` holds; reject after `timeoutMs` (default 2000). */
  waitFor(predicate: (fake: FakeZalo) => boolean, timeoutMs?: number): Promise<void>;
  /** Stop the server; waiting long polls are answered at once. Safe to call twice. */
  close(): Promise<void>;
}

/** The update shape `pushText` builds. */
export interface TextUpdate {
  event_name: "message.text.received";
  message: {
    message_id: string;
    date: number;
    from: { id: string; display_name: string; is_bot: boolean };
    chat: { id: string; chat_type: "PRIVATE" | "GROUP" };
    text: string;
  };
}

/** Options for `startFakeZalo`. */
export interface FakeZaloOptions {
  /** Default "1234567890:fake-zalo-token". */
  token?: string;
  /** getMe result; defaults to a test bot. */
  botInfo?: Record<string, unknown>;
}

type Answer = { status: number; body: unknown } | { status: number; raw: string };

const MAX_TEXT = 2000;
const DEFAULT_POLL_SECONDS = 30;

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
// The real API reports errors with HTTP 200; only `ok` tells them apart.
const fail = (error_code: number, description: string): Answer => ({
  status: 200,
  body: { ok: false, error_code, description },
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The API accepts ids as strings or numbers. */
function readId(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** `timeout` may be a number or a numeric string; junk falls back to the default like the API. */
function readPollSeconds(value: unknown): number {
  const seconds = typeof value === "string" || typeof value === "number" ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_POLL_SECONDS;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** A waiting long poll: gets an update, or `null` when it times out or the fake closes. */
interface Poller {
  deliver(update: object | null): void;
}

class FakeZaloServer implements FakeZalo {
  readonly token: string;
  readonly calls: FakeCall[] = [];
  webhook: FakeWebhookState = { url: "" };
  #apiRoot = "";
  readonly #server: Server;
  readonly #botInfo: Record<string, unknown>;
  readonly #queue: object[] = [];
  readonly #pollers: Poller[] = [];
  readonly #sent: SentMessage[] = [];
  readonly #apiFailures = new Map<string, { failure: FakeApiFailure; times: number }>();
  readonly #httpFailures = new Map<string, { status: number; times: number }>();
  #quota: number | null = null;
  #sequence = 0;
  #closed = false;

  constructor(options: FakeZaloOptions) {
    this.token = options.token ?? "1234567890:fake-zalo-token";
    this.#botInfo = options.botInfo ?? {
      id: "7000000000000000001",
      account_name: "motcua_test_bot",
      account_type: "BASIC",
      can_join_groups: true,
    };
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  get apiRoot(): string {
    return this.#apiRoot;
  }

  get pendingPolls(): number {
    return this.#pollers.length;
  }

  async listen(): Promise<void> {
    this.#server.listen(0, "127.0.0.1");
    await once(this.#server, "listening");
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("FakeZalo: server has no TCP address");
    this.#apiRoot = `http://127.0.0.1:${address.port}`;
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  sentMessages(): SentMessage[] {
    return [...this.#sent];
  }

  pushUpdate(update: object): void {
    const poller = this.#pollers.shift();
    if (poller) poller.deliver(update);
    else this.#queue.push(update);
  }

  pushText(options: PushTextOptions): TextUpdate {
    const update: TextUpdate = {
      event_name: "message.text.received",
      message: {
        message_id: options.messageId ?? this.#nextHexId(),
        date: Date.now(),
        from: { id: options.fromId ?? options.chatId, display_name: options.displayName ?? "Người dùng thử", is_bot: false },
        chat: { id: options.chatId, chat_type: options.chatType ?? "PRIVATE" },
        text: options.text,
      },
    };
    this.pushUpdate(update);
    return update;
  }

  failNext(method: string, failure: FakeApiFailure, times = 1): void {
    this.#apiFailures.set(method, { failure, times });
  }

  failNextHttp(method: string, status: number, times = 1): void {
    this.#httpFailures.set(method, { status, times });
  }

  setQuota(n: number | null): void {
    this.#quota = n;
  }

  async waitFor(predicate: (fake: FakeZalo) => boolean, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Polling rather than events: predicates may also look at state outside the fake.
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`FakeZalo.waitFor: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const poller of this.#pollers.splice(0)) poller.deliver(null);
    const closed = once(this.#server, "close");
    this.#server.close();
    // Let the 408 answers above go out, then drop keep-alive sockets so close() cannot hang.
    await new Promise((resolve) => setImmediate(resolve));
    this.#server.closeAllConnections();
    await closed;
  }

  #nextHexId(): string {
    this.#sequence += 1;
    return `${Date.now().toString(16)}${this.#sequence.toString(16).padStart(8, "0")}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = await this.#answer(req, res).catch(
      (err: unknown): Answer => ({ status: 500, raw: `fake crashed: ${String(err)}` }),
    );
    if (res.destroyed || res.writableEnded) return;
    const body = "raw" in answer ? answer.raw : JSON.stringify(answer.body);
    const type = "raw" in answer ? "text/html" : "application/json";
    res.writeHead(answer.status, { "content-type": type }).end(body);
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<Answer> {
    const url = new URL(req.url ?? "/", "http://fake");
    const match = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    const text = await readBody(req);
    if (!match?.[1] || !match[2]) return { status: 404, body: { ok: false, error_code: 404, description: "Not Found" } };
    const token = decodeURIComponent(match[1]);
    const method = match[2];
    const parsed: unknown = text.trim() === "" ? {} : safeJson(text);
    const payload = isRecord(parsed) ? { ...Object.fromEntries(url.searchParams), ...parsed } : {};
    this.calls.push({ method, payload, at: Date.now() });
    if (!isRecord(parsed)) return fail(400, "Bad Request: body must be a JSON object");
    if (token !== this.token) return fail(401, "Unauthorized");
    const injected = this.#takeInjectedFailure(method);
    if (injected) return injected;
    return this.#dispatch(method, payload, res);
  }

  #takeInjectedFailure(method: string): Answer | undefined {
    const http = this.#httpFailures.get(method);
    if (http && http.times > 0) {
      http.times -= 1;
      return { status: http.status, raw: `<html><body><h1>${http.status}</h1>upstream error</body></html>` };
    }
    const api = this.#apiFailures.get(method);
    if (api && api.times > 0) {
      api.times -= 1;
      return fail(api.failure.error_code, api.failure.description);
    }
    return undefined;
  }

  async #dispatch(method: string, payload: Record<string, unknown>, res: ServerResponse): Promise<Answer> {
    switch (method) {
      case "getMe":
        return ok(this.#botInfo);
      case "getUpdates":
        return this.#getUpdates(payload, res);
      case "setWebhook":
        return this.#setWebhook(payload);
      case "deleteWebhook":
        this.webhook = { url: "", updated_at: Date.now() };
        return ok({ url: "", updated_at: this.webhook.updated_at });
      case "getWebhookInfo":
        return ok({ url: this.webhook.url, updated_at: this.webhook.updated_at ?? 0 });
      case "sendMessage":
        return this.#sendMessage(payload);
      case "sendPhoto":
        return this.#sendMedia(payload, "photo");
      case "sendSticker":
        return this.#sendMedia(payload, "sticker");
      case "sendChatAction":
        if (!readId(payload["chat_id"])) return fail(400, "Bad Request: chat_id is required");
        return payload["action"] === "typing" ? ok(true) : fail(400, "Bad Request: unsupported action");
      default:
        return fail(404, `Not Found: method ${method}`);
    }
  }

  async #getUpdates(payload: Record<string, unknown>, res: ServerResponse): Promise<Answer> {
    if (this.webhook.url) {
      return fail(400, "Bad Request: webhook is active, call deleteWebhook before getUpdates");
    }
    const queued = this.#queue.shift();
    if (queued) return ok(queued);
    const seconds = readPollSeconds(payload["timeout"]);
    const update = this.#closed || seconds === 0 ? null : await this.#waitForUpdate(seconds, res);
    return update ? ok(update) : fail(408, "Request timeout");
  }

  /** Hold the request until an update, the poll timeout, the client leaving or close(). */
  #waitForUpdate(seconds: number, res: ServerResponse): Promise<object | null> {
    return new Promise((resolve) => {
      const poller: Poller = {
        deliver: (update) => {
          clearTimeout(timer);
          res.off("close", onGone);
          resolve(update);
        },
      };
      const leave = (): void => {
        const index = this.#pollers.indexOf(poller);
        if (index >= 0) this.#pollers.splice(index, 1);
        poller.deliver(null);
      };
      // A client that aborted must not swallow the next update.
      const onGone = (): void => {
        if (!res.writableEnded) leave();
      };
      const timer = setTimeout(leave, seconds * 1000);
      res.on("close", onGone);
      this.#pollers.push(poller);
    });
  }

  #setWebhook(payload: Record<string, unknown>): Answer {
    const url = payload["url"];
    const secret = payload["secret_token"];
    // Unlike the real API, http:// is accepted so tests can point the webhook at loopback.
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) return fail(400, "Bad Request: url must be an https URL");
    if (typeof secret !== "string" || secret.length < 8 || secret.length > 256) {
      return fail(400, "Bad Request: secret_token must be 8-256 characters");
    }
    this.webhook = { url, secret_token: secret, updated_at: Date.now() };
    return ok({ url, updated_at: this.webhook.updated_at });
  }

  #sendMessage(payload: Record<string, unknown>): Answer {
    const chatId = readId(payload["chat_id"]);
    const text = payload["text"];
    const parseMode = payload["parse_mode"];
    if (!chatId) return fail(400, "Bad Request: chat_id is required");
    if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) {
      return fail(400, "Bad Request: text must be 1-2000 characters");
    }
    if (parseMode === "markdown" && /[{}]/.test(text)) return fail(400, "Bad Request: can't parse entities");
    if (this.#quota !== null && this.#quota <= 0) return fail(429, "Quota exceeded");
    if (this.#quota !== null) this.#quota -= 1;
    const sent: SentMessage = { chat_id: chatId, text, message_id: this.#nextHexId(), date: Date.now() };
    if (typeof parseMode === "string") sent.parse_mode = parseMode;
    this.#sent.push(sent);
    return ok({ message_id: sent.message_id, date: sent.date });
  }

  #sendMedia(payload: Record<string, unknown>, field: "photo" | "sticker"): Answer {
    if (!readId(payload["chat_id"])) return fail(400, "Bad Request: chat_id is required");
    if (typeof payload[field] !== "string" || payload[field] === "") return fail(400, `Bad Request: ${field} is required`);
    const caption = payload["caption"];
    if (caption !== undefined && (typeof caption !== "string" || caption.length > MAX_TEXT)) {
      return fail(400, "Bad Request: caption must be at most 2000 characters");
    }
    return ok({ message_id: this.#nextHexId(), date: Date.now() });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Start a fake Zalo Bot API on 127.0.0.1 with a free port. Remember to `close()` it. */
export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const fake = new FakeZaloServer(options);
  await fake.listen();
  return fake;
}

/** What a bot's webhook answered. */
export interface WebhookResponse {
  status: number;
  body: string;
}

/**
 * POST an update to a bot's webhook the way Zalo does, with `X-Bot-Api-Secret-Token`.
 * `body` is the update itself (wrapped as `{ ok: true, result }` unless `shape` is "flat");
 * a string is sent verbatim, for malformed-body tests.
 */
export async function postWebhook(
  url: string,
  body: unknown,
  secret?: string,
  shape: "wrapped" | "flat" = "wrapped",
): Promise<WebhookResponse> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== undefined) headers["X-Bot-Api-Secret-Token"] = secret;
  const payload = typeof body === "string" ? body : JSON.stringify(shape === "wrapped" ? { ok: true, result: body } : body);
  const response = await fetch(url, { method: "POST", headers, body: payload });
  return { status: response.status, body: await response.text() };
}
