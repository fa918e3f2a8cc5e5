/**
 * A fake Telegram Bot API server for tests.
 *
 * It is a real `node:http` server on 127.0.0.1 (random port) that speaks enough
 * of the Bot API for grammY (`Api`, `Bot#start`, `@grammyjs/runner`) to run
 * against it: pass `fake.apiRoot` as `client.apiRoot` and `fake.token` as the
 * bot token.
 *
 * Behaviour that mirrors the real API (so bot code can be tested against it):
 * - `/bot<token>/<method>`, method names are case-insensitive; JSON bodies,
 *   urlencoded bodies and query-string parameters are accepted (multipart is
 *   not: such calls are recorded and answered with 400).
 * - wrong token → 401 Unauthorized; unknown method → 404.
 * - getUpdates: `offset` confirms (drops) updates with a smaller id, negative
 *   offsets keep only the last |offset| updates, `limit` 1..100, `timeout`
 *   long-polls; `allowed_updates` is remembered (empty list = Telegram's default,
 *   which leaves out chat_member, message_reaction and message_reaction_count).
 *   While a webhook is set it answers 409; a second getUpdates while one is
 *   pending terminates the first one with 409, like the real server.
 * - sendMessage / editMessageText reject empty text and text longer than 4096
 *   characters; editing a message the fake sent with identical content answers
 *   "message is not modified". Editing unknown messages succeeds (the fake
 *   cannot know about messages it did not send).
 * - setMyCommands validates command names (1-32 chars, [a-z0-9_]) and
 *   descriptions (1-256 chars).
 * - setWebhook accepts any URL (http too, so tests can point it at 127.0.0.1).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  ApiMethods,
  BotCommand,
  Chat,
  InlineKeyboardMarkup,
  Message,
  Opts,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from "grammy/types";

// ---------------------------------------------------------------------------
// Public types

/** Parameters of an API call as received (JSON / urlencoded / query string). */
export type Payload = Record<string, unknown>;

/**
 * Payload type for a method name: grammY's parameter type for known methods
 * (trusted as sent by the client, not validated), else a plain record.
 */
export type PayloadOf<M extends string> = M extends keyof ApiMethods ? Opts<M> : Payload;

export interface RecordedCall<P = Payload> {
  /** Method name exactly as sent in the URL. */
  method: string;
  payload: P;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface FakeApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** An update to push; `update_id` is assigned when missing. */
export type UpdateInput = Omit<Update, "update_id"> & { update_id?: number };

export type UpdateType = Exclude<keyof Update, "update_id">;

export interface WebhookState {
  /** Empty string when no webhook is set. */
  url: string;
  secret_token?: string;
  drop_pending_updates?: boolean;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface FakeTelegramOptions {
  /** Defaults to "123456789:TEST-fake-token". The bot id is the part before ":". */
  token?: string;
  /** Defaults to "motcua_test_bot". */
  botUsername?: string;
  /** Defaults to "Motcua Test Bot". */
  botFirstName?: string;
  /**
   * Milliseconds before a sendMessage is answered (as a real network round trip). The message
   * counts as delivered even if the caller is gone by then, as with the real API.
   */
  sendLatencyMs?: number;
}

export interface FakeTelegram {
  /** e.g. `http://127.0.0.1:40123`, for grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  /** The user object getMe returns. */
  readonly botInfo: UserFromGetMe;
  /** Every call made with the right token, in arrival order (unknown methods too). */
  readonly calls: RecordedCall[];
  /** Current webhook settings (a copy). */
  readonly webhook: WebhookState;
  /** Updates queued and not yet confirmed by an offset. */
  readonly pendingUpdates: readonly Update[];

  /** Queue an update for getUpdates; assigns `update_id` if missing and returns it. */
  pushUpdate(update: UpdateInput): number;
  /**
   * POST an update to the webhook URL set via setWebhook (with its secret token),
   * the way Telegram would. Assigns `update_id` if missing. Throws if no webhook is set.
   */
  deliverWebhook(update: UpdateInput): Promise<{ status: number; body: string }>;
  callsOf<M extends string>(method: M): RecordedCall<PayloadOf<M>>[];
  /** The next `times` calls of `method` answer with this error instead. */
  failNext(method: string, error: FakeApiError, times?: number): void;
  /**
   * Resolves with the first recorded call (already recorded or arriving later)
   * that matches; a string matches by method name. Rejects after `timeoutMs`.
   */
  waitFor(
    predicate: string | ((call: RecordedCall) => boolean),
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Payloads of sendMessage calls that succeeded, in order. */
  sentMessages(): Opts<"sendMessage">[];
  /** How many messages sendMessage delivered to each chat, by chat id. */
  sentPerChat(): Map<number, number>;
  /** Commands stored by setMyCommands for this scope/language (default scope, no language). */
  commands(options?: { scope?: { type: string; chat_id?: number | string; user_id?: number }; language_code?: string }): BotCommand[];
  /** Clears the recorded calls (in place) and the sent-message list. */
  reset(): void;
  /** Answers pending long polls with [] and stops the server. Idempotent. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Helpers for tests

/**
 * POST an update like Telegram does: JSON body, `X-Telegram-Bot-Api-Secret-Token`
 * header when `secret` is given. A string `update` is sent as-is (for malformed JSON).
 */
/** The getMe answer of a fake bot, shaped like grammY's UserFromGetMe. */
export function fakeBotInfo(id: number, firstName: string, username: string): UserFromGetMe {
  return {
    id,
    is_bot: true,
    first_name: firstName,
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

export async function postWebhookUpdate(
  url: string,
  update: unknown,
  secret?: string,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: typeof update === "string" ? update : JSON.stringify(update),
  });
  return { status: res.status, body: await res.text() };
}

let builderMessageId = 1;

export interface UserChatOptions {
  /** Chat id; defaults to `userId` (a private chat). */
  chatId?: number;
  userId?: number;
  firstName?: string;
  username?: string;
  /** Defaults to "private" when chatId === userId, else "group". */
  chatType?: "private" | "group" | "supergroup";
  languageCode?: string;
}

function builderParts(opts: UserChatOptions): { from: User; chat: Exclude<Chat, Chat.ChannelChat> } {
  const userId = opts.userId ?? 1001;
  const chatId = opts.chatId ?? userId;
  const from: User = {
    id: userId,
    is_bot: false,
    first_name: opts.firstName ?? "Tester",
    ...(opts.username !== undefined ? { username: opts.username } : {}),
    ...(opts.languageCode !== undefined ? { language_code: opts.languageCode } : {}),
  };
  const chatType = opts.chatType ?? (chatId === userId ? "private" : "group");
  const chat: Exclude<Chat, Chat.ChannelChat> =
    chatType === "private"
      ? {
          id: chatId,
          type: "private",
          first_name: from.first_name,
          ...(opts.username !== undefined ? { username: opts.username } : {}),
        }
      : { id: chatId, type: chatType, title: "Test group" };
  return { from, chat };
}

/** Builds a text-message update (without update_id). Texts starting with "/" get a bot_command entity. */
export function textUpdate(text: string, opts: UserChatOptions & { messageId?: number } = {}): UpdateInput {
  const { from, chat } = builderParts(opts);
  const command = /^\/[^\s@]+(@\S+)?/.exec(text);
  return {
    message: {
      message_id: opts.messageId ?? builderMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** Builds a callback_query update (without update_id) for a button on a bot message. */
export function callbackUpdate(
  data: string,
  opts: UserChatOptions & { messageId?: number; queryId?: string; messageText?: string } = {},
): UpdateInput {
  const { from, chat } = builderParts(opts);
  return {
    callback_query: {
      id: opts.queryId ?? `cbq-${builderMessageId++}`,
      from,
      chat_instance: `ci-${chat.id}`,
      data,
      message: {
        message_id: opts.messageId ?? builderMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat,
        text: opts.messageText ?? "…",
      },
    },
  };
}

/**
 * Builds a my_chat_member update (without update_id): the resident of a private chat blocked
 * the bot ("kicked") or let it back in ("member").
 */
export function membershipUpdate(chatId: number, botId: number, status: "member" | "kicked"): UpdateInput {
  const bot = { id: botId, is_bot: true, first_name: "Motcua Test Bot" };
  const kicked = { status: "kicked" as const, user: bot, until_date: 0 };
  const member = { status: "member" as const, user: bot };
  return {
    my_chat_member: {
      chat: { id: chatId, type: "private", first_name: "Tester" },
      from: { id: chatId, is_bot: false, first_name: "Tester" },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: status === "member" ? kicked : member,
      new_chat_member: status === "member" ? member : kicked,
    },
  };
}

// ---------------------------------------------------------------------------
// Implementation

const DEFAULT_TOKEN = "123456789:TEST-fake-token";
const MAX_TEXT = 4096;
/** Update types Telegram leaves out when allowed_updates is empty / never set. */
const NOT_DEFAULT_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

interface Outcome {
  status: number;
  body: { ok: true; result: unknown; description?: string } | ({ ok: false } & FakeApiError);
}

interface PendingPoll {
  /** Re-check the queue; answers if something is deliverable. */
  wake(): void;
  /** Answer now with this outcome. */
  finish(outcome: Outcome): void;
}

class BadRequest extends Error {}

function ok(result: unknown, description?: string): Outcome {
  return { status: 200, body: description === undefined ? { ok: true, result } : { ok: true, result, description } };
}

function fail(error_code: number, description: string, parameters?: FakeApiError["parameters"]): Outcome {
  return {
    status: error_code,
    body: parameters === undefined ? { ok: false, error_code, description } : { ok: false, error_code, description, parameters },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A number, or a string holding an integer (urlencoded bodies). */
function toInt(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function toBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/** urlencoded / query values: JSON-looking strings (objects, arrays) are parsed like Telegram does. */
function decodeParam(v: string): unknown {
  const t = v.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return v;
    }
  }
  return v;
}

function paramsToPayload(params: URLSearchParams): Payload {
  const out: Payload = {};
  for (const [k, v] of params) out[k] = decodeParam(v);
  return out;
}

/** Only inline keyboards are echoed back in Message.reply_markup (as Telegram does). */
function inlineMarkup(v: unknown): InlineKeyboardMarkup | undefined {
  if (!isRecord(v) || !Array.isArray(v.inline_keyboard)) return undefined;
  // Trusted: sent by the client as an InlineKeyboardMarkup.
  return v as unknown as InlineKeyboardMarkup;
}

function updateTypeOf(update: Update): string | undefined {
  return Object.keys(update).find((k) => k !== "update_id");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function summarizeMethods(calls: readonly RecordedCall[]): string {
  if (calls.length === 0) return "(none)";
  const parts: string[] = [];
  let prev = "";
  let count = 0;
  const flush = (): void => {
    if (count > 0) parts.push(count > 1 ? `${prev}×${count}` : prev);
  };
  for (const c of calls) {
    if (c.method === prev) count++;
    else {
      flush();
      prev = c.method;
      count = 1;
    }
  }
  flush();
  return parts.join(", ");
}

function scopeKey(scope: unknown, languageCode: unknown): string {
  const s = isRecord(scope) ? scope : {};
  const type = typeof s.type === "string" ? s.type : "default";
  const chat = s.chat_id === undefined ? "" : String(s.chat_id);
  const user = s.user_id === undefined ? "" : String(s.user_id);
  const lang = typeof languageCode === "string" ? languageCode : "";
  return `${type}|${chat}|${user}|${lang}`;
}

class FakeTelegramServer implements FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly botInfo: UserFromGetMe;
  apiRoot = "";

  private server: Server;
  private queue: Update[] = [];
  private nextUpdateId = 100_000;
  private nextMessageId = 1;
  private allowedUpdates: string[] = [];
  private webhookState: WebhookState = { url: "" };
  private failures = new Map<string, { error: FakeApiError; remaining: number }[]>();
  private pendingPoll: PendingPoll | undefined;
  private waiters = new Set<(call: RecordedCall) => void>();
  private sent: Opts<"sendMessage">[] = [];
  private messages = new Map<string, Message>();
  private knownChats = new Map<number, Chat>();
  private myCommands = new Map<string, BotCommand[]>();
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    readonly token: string,
    username: string,
    firstName: string,
    private readonly options: FakeTelegramOptions = {},
  ) {
    const id = toInt(token.split(":")[0]) ?? 123456789;
    this.botInfo = fakeBotInfo(id, firstName, username);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.respond(res, fail(500, `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`));
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const addr = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${addr.port}`;
  }

  // --- control API -------------------------------------------------------

  get webhook(): WebhookState {
    return { ...this.webhookState };
  }

  get pendingUpdates(): readonly Update[] {
    return [...this.queue];
  }

  pushUpdate(input: UpdateInput): number {
    const update_id = input.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, update_id + 1);
    const update: Update = { ...input, update_id };
    this.rememberChats(update);
    this.queue.push(update);
    this.pendingPoll?.wake();
    return update_id;
  }

  async deliverWebhook(input: UpdateInput): Promise<{ status: number; body: string }> {
    const { url, secret_token } = this.webhookState;
    if (url === "") throw new Error("deliverWebhook: no webhook is set (call setWebhook first)");
    const update_id = input.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, update_id + 1);
    const update: Update = { ...input, update_id };
    this.rememberChats(update);
    return postWebhookUpdate(url, update, secret_token);
  }

  callsOf<M extends string>(method: M): RecordedCall<PayloadOf<M>>[] {
    // The payload is whatever the client sent; typing it as the method's
    // parameters is a convenience for tests.
    return this.calls.filter((c) => c.method === method) as RecordedCall<PayloadOf<M>>[];
  }

  failNext(method: string, error: FakeApiError, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ error, remaining: times });
    this.failures.set(key, list);
  }

  waitFor(predicate: string | ((call: RecordedCall) => boolean), timeoutMs = 2000): Promise<RecordedCall> {
    const match = typeof predicate === "string" ? (c: RecordedCall) => c.method === predicate : predicate;
    const label = typeof predicate === "string" ? `a "${predicate}" call` : "a matching call";
    const existing = this.calls.find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter = (call: RecordedCall): void => {
        let matched: boolean;
        try {
          matched = match(call);
        } catch (err) {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (matched) {
          cleanup();
          resolve(call);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `FakeTelegram.waitFor: no ${label} within ${timeoutMs} ms; recorded calls: ${summarizeMethods(this.calls)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  sentMessages(): Opts<"sendMessage">[] {
    return [...this.sent];
  }

  sentPerChat(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const message of this.sent) counts.set(Number(message.chat_id), (counts.get(Number(message.chat_id)) ?? 0) + 1);
    return counts;
  }

  commands(
    options: { scope?: { type: string; chat_id?: number | string; user_id?: number }; language_code?: string } = {},
  ): BotCommand[] {
    return [...(this.myCommands.get(scopeKey(options.scope, options.language_code)) ?? [])];
  }

  reset(): void {
    this.calls.length = 0;
    this.sent.length = 0;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    // Answer a pending long poll with [] before the sockets go away.
    this.pendingPoll?.finish(ok([]));
    this.closing = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      setImmediate(() => this.server.closeAllConnections());
    });
    return this.closing;
  }

  // --- HTTP ---------------------------------------------------------------

  private respond(res: ServerResponse, outcome: Outcome): void {
    if (res.writableEnded || res.destroyed) return;
    const body = JSON.stringify(outcome.body);
    res.writeHead(outcome.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const m = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) {
      await readBody(req);
      this.respond(res, fail(404, "Not Found"));
      return;
    }
    const token = decodeURIComponent(m[1] ?? "");
    const method = decodeURIComponent(m[2] ?? "");
    const raw = await readBody(req);
    if (token !== this.token) {
      this.respond(res, fail(401, "Unauthorized"));
      return;
    }

    let payload: Payload = paramsToPayload(url.searchParams);
    let parseError: string | undefined;
    const contentType = (req.headers["content-type"] ?? "").toLowerCase();
    if (raw.trim() !== "") {
      if (contentType.includes("multipart/form-data")) {
        parseError = "Bad Request: multipart/form-data is not supported by the fake Telegram API";
      } else if (contentType.includes("application/x-www-form-urlencoded")) {
        payload = { ...payload, ...paramsToPayload(new URLSearchParams(raw)) };
      } else {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (isRecord(parsed)) payload = { ...payload, ...parsed };
          else parseError = "Bad Request: request body must be a JSON object";
        } catch {
          parseError = "Bad Request: can't parse JSON request body";
        }
      }
    }

    this.record({ method, payload, at: Date.now() });

    if (parseError !== undefined) {
      this.respond(res, fail(400, parseError));
      return;
    }
    const injected = this.takeFailure(method);
    if (injected) {
      this.respond(res, fail(injected.error_code, injected.description, injected.parameters));
      return;
    }
    if (this.closed) {
      this.respond(res, fail(500, "Internal Server Error: fake Telegram API is closing"));
      return;
    }

    if (method.toLowerCase() === "sendmessage" && this.options.sendLatencyMs) {
      await new Promise((resolve) => setTimeout(resolve, this.options.sendLatencyMs));
    }
    let outcome: Outcome;
    try {
      outcome = await this.dispatch(method.toLowerCase(), payload, res);
    } catch (err) {
      if (err instanceof BadRequest) outcome = fail(400, `Bad Request: ${err.message}`);
      else throw err;
    }
    this.respond(res, outcome);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) w(call);
  }

  private takeFailure(method: string): FakeApiError | undefined {
    const list = this.failures.get(method.toLowerCase());
    const first = list?.[0];
    if (!list || !first) return undefined;
    first.remaining--;
    if (first.remaining <= 0) list.shift();
    if (list.length === 0) this.failures.delete(method.toLowerCase());
    return first.error;
  }

  private dispatch(method: string, p: Payload, res: ServerResponse): Outcome | Promise<Outcome> {
    switch (method) {
      case "getme":
        return ok(this.botInfo);
      case "getupdates":
        return this.getUpdates(p, res);
      case "sendmessage":
        return this.sendMessage(p);
      case "editmessagetext":
        return this.editMessage(p, "text");
      case "editmessagereplymarkup":
        return this.editMessage(p, "markup");
      case "answercallbackquery":
        if (p.callback_query_id === undefined || p.callback_query_id === "") {
          throw new BadRequest("query is too old and response timeout expired or query ID is invalid");
        }
        return ok(true);
      case "sendchataction":
        this.requireChatId(p);
        if (typeof p.action !== "string" || p.action === "") throw new BadRequest("action is empty");
        return ok(true);
      case "setmycommands":
        return this.setMyCommands(p);
      case "getmycommands":
        return ok(this.myCommands.get(scopeKey(p.scope, p.language_code)) ?? []);
      case "deletemycommands":
        this.myCommands.delete(scopeKey(p.scope, p.language_code));
        return ok(true);
      case "setwebhook":
        return this.setWebhook(p);
      case "deletewebhook":
        this.webhookState = { url: "" };
        if (toBool(p.drop_pending_updates)) this.queue = [];
        return ok(true, "Webhook was deleted");
      case "getwebhookinfo": {
        const info: WebhookInfo = {
          url: this.webhookState.url,
          has_custom_certificate: false,
          pending_update_count: this.queue.length,
        };
        if (this.webhookState.max_connections !== undefined) info.max_connections = this.webhookState.max_connections;
        if (this.webhookState.allowed_updates !== undefined) {
          info.allowed_updates = this.webhookState.allowed_updates as WebhookInfo["allowed_updates"];
        }
        return ok(info);
      }
      default:
        return fail(404, "Not Found: method not found");
    }
  }

  // --- methods ------------------------------------------------------------

  private isAllowed(update: Update): boolean {
    const type = updateTypeOf(update);
    if (type === undefined) return true;
    if (this.allowedUpdates.length === 0) return !NOT_DEFAULT_UPDATES.has(type);
    return this.allowedUpdates.includes(type);
  }

  private getUpdates(p: Payload, res: ServerResponse): Outcome | Promise<Outcome> {
    if (this.webhookState.url !== "") {
      return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = toInt(p.offset);
    if (offset !== undefined) {
      if (offset < 0) this.queue = this.queue.slice(offset);
      else this.queue = this.queue.filter((u) => u.update_id >= offset);
    }
    const limit = Math.min(100, Math.max(1, toInt(p.limit) ?? 100));
    const timeout = Math.max(0, toInt(p.timeout) ?? 0);
    if (Array.isArray(p.allowed_updates)) {
      this.allowedUpdates = p.allowed_updates.filter((t): t is string => typeof t === "string");
    }

    // Only one getUpdates may be pending, as with the real server.
    this.pendingPoll?.finish(
      fail(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
    );

    const deliverable = (): Update[] => this.queue.filter((u) => this.isAllowed(u)).slice(0, limit);
    const now = deliverable();
    if (now.length > 0 || timeout === 0) return ok(now);

    return new Promise<Outcome>((resolve) => {
      const poll: PendingPoll = {
        wake: () => {
          const updates = deliverable();
          if (updates.length > 0) poll.finish(ok(updates));
        },
        finish: (outcome) => {
          clearTimeout(timer);
          res.off("close", onClose);
          if (this.pendingPoll === poll) this.pendingPoll = undefined;
          resolve(outcome);
        },
      };
      const timer = setTimeout(() => poll.finish(ok([])), timeout * 1000);
      // The client gave up (grammY aborts the pending poll on bot.stop()).
      const onClose = (): void => poll.finish(ok([]));
      res.on("close", onClose);
      this.pendingPoll = poll;
    });
  }

  private requireChatId(p: Payload): number | string {
    const id = p.chat_id;
    const n = toInt(id);
    if (n !== undefined) return n;
    if (typeof id === "string" && id.startsWith("@") && id.length > 1) return id;
    if (id === undefined || id === "") throw new BadRequest("chat_id is empty");
    throw new BadRequest("chat not found");
  }

  private requireText(p: Payload): string {
    const text = p.text;
    if (typeof text !== "string" || text.trim() === "") throw new BadRequest("message text is empty");
    if (text.length > MAX_TEXT) throw new BadRequest("message is too long");
    return text;
  }

  private chatFor(id: number | string): Chat {
    if (typeof id === "string") {
      return { id: -1_000_000_000_000 - id.length, type: "channel", title: id.slice(1), username: id.slice(1) };
    }
    const known = this.knownChats.get(id);
    if (known) return known;
    if (id > 0) return { id, type: "private", first_name: "Tester" };
    if (id <= -1_000_000_000_000) return { id, type: "supergroup", title: "Test supergroup" };
    return { id, type: "group", title: "Test group" };
  }

  private rememberChats(update: Update): void {
    const chat =
      update.message?.chat ??
      update.edited_message?.chat ??
      update.callback_query?.message?.chat ??
      update.my_chat_member?.chat ??
      update.chat_member?.chat;
    if (chat) this.knownChats.set(chat.id, chat);
  }

  private sendMessage(p: Payload): Outcome {
    const chatId = this.requireChatId(p);
    const text = this.requireText(p);
    const chat = this.chatFor(chatId);
    const message: Message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: this.botInfo,
      text,
    };
    const markup = inlineMarkup(p.reply_markup);
    if (markup) message.reply_markup = markup;
    this.messages.set(`${chat.id}:${message.message_id}`, message);
    // Trusted as the method's parameters: it was sent by grammY.
    this.sent.push(p as Opts<"sendMessage">);
    return ok(message);
  }

  private editMessage(p: Payload, what: "text" | "markup"): Outcome {
    const text = what === "text" ? this.requireText(p) : undefined;
    const markup = inlineMarkup(p.reply_markup);
    if (p.inline_message_id !== undefined) return ok(true);
    const chatId = this.requireChatId(p);
    const messageId = toInt(p.message_id);
    if (messageId === undefined) throw new BadRequest("message identifier is not specified");
    const chat = this.chatFor(chatId);
    const key = `${chat.id}:${messageId}`;
    const existing = this.messages.get(key);
    if (existing) {
      const sameText = text === undefined || text === existing.text;
      const sameMarkup = JSON.stringify(markup ?? null) === JSON.stringify(existing.reply_markup ?? null);
      if (sameText && sameMarkup) {
        throw new BadRequest(
          "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
      }
    }
    const updated: Message = {
      ...(existing ?? { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: this.botInfo }),
      edit_date: Math.floor(Date.now() / 1000),
    };
    if (text !== undefined) updated.text = text;
    // Like Telegram: an edit without reply_markup removes the inline keyboard.
    if (markup) updated.reply_markup = markup;
    else delete updated.reply_markup;
    this.messages.set(key, updated);
    return ok(updated);
  }

  private setMyCommands(p: Payload): Outcome {
    if (!Array.isArray(p.commands)) throw new BadRequest("parameter \"commands\" is required");
    const commands: BotCommand[] = [];
    for (const c of p.commands) {
      if (!isRecord(c) || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        throw new BadRequest("BOT_COMMAND_INVALID");
      }
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
        throw new BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      commands.push({ command: c.command, description: c.description });
    }
    const key = scopeKey(p.scope, p.language_code);
    if (commands.length === 0) this.myCommands.delete(key);
    else this.myCommands.set(key, commands);
    return ok(true);
  }

  private setWebhook(p: Payload): Outcome {
    const url = typeof p.url === "string" ? p.url : "";
    const secret = p.secret_token;
    if (secret !== undefined && (typeof secret !== "string" || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
      throw new BadRequest("secret token contains unallowed characters");
    }
    if (url !== "") {
      try {
        new URL(url);
      } catch {
        throw new BadRequest("bad webhook: Failed to resolve host: Name or service not known");
      }
    }
    const drop = toBool(p.drop_pending_updates);
    if (drop) this.queue = [];
    const state: WebhookState = { url };
    if (typeof secret === "string") state.secret_token = secret;
    if (drop !== undefined) state.drop_pending_updates = drop;
    const maxConnections = toInt(p.max_connections);
    if (maxConnections !== undefined) state.max_connections = maxConnections;
    if (Array.isArray(p.allowed_updates)) {
      state.allowed_updates = p.allowed_updates.filter((t): t is string => typeof t === "string");
      this.allowedUpdates = state.allowed_updates;
    }
    this.webhookState = url === "" ? { url: "" } : state;
    if (url !== "") {
      this.pendingPoll?.finish(fail(409, "Conflict: terminated by setWebhook request"));
    }
    return ok(true, url === "" ? "Webhook was deleted" : "Webhook was set");
  }
}

/** Starts the fake on 127.0.0.1 with a random port. Call `close()` when done. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegramServer(
    options.token ?? DEFAULT_TOKEN,
    options.botUsername ?? "motcua_test_bot",
    options.botFirstName ?? "Motcua Test Bot",
    options,
  );
  await fake.listen();
  return fake;
}
