/**
 * A small typed client for the Zalo Bot Platform API (bot.zaloplatforms.com).
 * There is no maintained SDK on the registry, so this covers exactly the methods we use.
 * Retries happen here and only here, decided by error type: network failures and HTTP 5xx are
 * retried with exponential backoff; an `ok: false` answer never is (it would fail again, or,
 * for sends, the API already decided).
 */
import { z } from "zod";
import { backoffDelay } from "../../util/backoff.js";
import { apiErrorFor, redactToken, sanitizeCause, ZaloApiError, ZaloNetworkError } from "./errors.js";
import {
  botInfoSchema,
  envelopeSchema,
  sendResultSchema,
  updateSchema,
  webhookInfoSchema,
  type BotInfo,
  type SendResult,
  type Update,
  type WebhookInfo,
} from "./types.js";

/** Production API host. */
export const DEFAULT_API_ROOT = "https://bot-api.zaloplatforms.com";
/** Text and caption limit, in UTF-16 code units (what `String.length` counts). */
export const MAX_TEXT_LENGTH = 2000;
/** Long-poll duration when the caller does not choose one (the API's own default). */
export const DEFAULT_POLL_SECONDS = 30;
/** `error_code` of a long poll that ended with nothing to deliver. */
const NO_NEWS_CODE = 408;
/** Backoff never grows past this, whatever the attempt number. */
const MAX_BACKOFF_MS = 30_000;

/** Options for `new ZaloApi(...)`. */
export interface ZaloApiOptions {
  /** Bot token `<digits>:<string>`; kept private and never printed. */
  token: string;
  /** Base URL; tests point it at a loopback fake. Default `DEFAULT_API_ROOT`. */
  apiRoot?: string;
  /** fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /** Extra attempts after the first for network errors and HTTP 5xx. Default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry. Default 500 ms. */
  backoffMs?: number;
  /** How to wait between retries; tests inject a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout; long polls get this on top of their poll time. Default 15 s. */
  timeoutMs?: number;
}

/** Formatting for `sendMessage`; markdown is rejected on stray braces, so callers need a plain fallback. */
export type ParseMode = "markdown" | "html";

/** Parameters of `sendMessage`. */
export interface SendMessageParams {
  chat_id: string;
  /** 1-2000 UTF-16 code units. */
  text: string;
  parse_mode?: ParseMode;
}

/** Parameters of `sendPhoto`. */
export interface SendPhotoParams {
  chat_id: string;
  /** Public image URL. */
  photo: string;
  /** At most 2000 UTF-16 code units. */
  caption?: string;
}

/** Parameters of `sendSticker`. */
export interface SendStickerParams {
  chat_id: string;
  sticker: string;
}

/** Parameters of `sendChatAction`; "typing" is the only action the platform has. */
export interface SendChatActionParams {
  chat_id: string;
  action: "typing";
}

/** Parameters of `setWebhook`. */
export interface SetWebhookParams {
  /** Public https URL Zalo will POST updates to. */
  url: string;
  /** 8-256 characters, echoed back in the `X-Bot-Api-Secret-Token` header. */
  secret_token: string;
}

/** Parameters of `getUpdates`. */
export interface GetUpdatesParams {
  /** Seconds the server may hold the request open waiting for an update. Default 30. */
  timeout?: number;
}

/** Low-level outcome of one HTTP exchange. */
interface RawResponse {
  status: number;
  text: string;
}

/** The result schemas we pass around; any zod schema works. */
type Schema = z.ZodType;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Throw a RangeError naming the field when a text is outside the API's limits. */
function assertLength(method: string, field: string, value: string, min: number, max: number): void {
  if (value.length >= min && value.length <= max) return;
  const advice = value.length > max ? " Split long replies at paragraph breaks." : "";
  throw new RangeError(
    `Zalo ${method}: ${field} must be ${min}-${max} UTF-16 code units, got ${value.length}.${advice}`,
  );
}

/** Parse JSON without throwing; `undefined` means "not JSON". */
function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short human summary of a schema failure, without dumping the payload. */
function summarizeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

/** The innermost useful words of an error chain, e.g. "fetch failed (ECONNREFUSED)". */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  if (!cause) return err.message;
  // undici says only "fetch failed"; the reason (ECONNREFUSED, bad port, …) sits in the cause.
  const code = "code" in cause && typeof cause.code === "string" ? cause.code : cause.message;
  return `${err.message} (${code})`;
}

/**
 * Typed client for the Zalo Bot Platform API. Every call is a JSON POST to
 * `${apiRoot}/bot${token}/${method}`; every answer is checked against a zod schema.
 *
 * Errors: `ZaloApiError` / `ZaloQuotaError` when the API says `ok: false`, `ZaloNetworkError`
 * when no usable answer arrived, `RangeError` for arguments the API would reject, and the
 * signal's reason when the caller aborts.
 */
export class ZaloApi {
  /** Base URL without trailing slash; safe to log. */
  readonly apiRoot: string;
  // Private (#) so neither util.inspect, JSON.stringify nor a stray spread can reveal it.
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #timeoutMs: number;

  constructor(options: ZaloApiOptions) {
    if (!options.token) throw new TypeError("ZaloApi: token is empty; set the bot token from bot.zaloplatforms.com.");
    this.#token = options.token;
    this.apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
    // Fail at start-up with a clear message instead of on every call (and never echo the token).
    if (!URL.canParse(this.apiRoot)) throw new TypeError(`ZaloApi: apiRoot is not a valid URL: ${this.apiRoot}`);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#retries = Math.max(0, options.retries ?? 3);
    this.#backoffMs = Math.max(0, options.backoffMs ?? 500);
    this.#sleep = options.sleep ?? defaultSleep;
    this.#timeoutMs = Math.max(1, options.timeoutMs ?? 15_000);
  }

  /** The bot's own account; a cheap way to check the token at start-up. */
  async getMe(signal?: AbortSignal): Promise<BotInfo> {
    return this.#call("getMe", {}, botInfoSchema, signal);
  }

  /**
   * Long-poll for ONE update. Resolves `null` when the poll ended with nothing to deliver
   * (the API's 408 "Request timeout"). There is no offset: deduplicate on `message.message_id`.
   * Fails with a `ZaloApiError` while a webhook is set (call `deleteWebhook` first).
   */
  async getUpdates(params: GetUpdatesParams = {}, signal?: AbortSignal): Promise<Update | null> {
    const seconds = params.timeout ?? DEFAULT_POLL_SECONDS;
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`Zalo getUpdates: timeout must be a non-negative number of seconds, got ${seconds}.`);
    }
    // The server holds the request for up to `seconds`; our own timeout must not cut it short.
    const timeoutMs = seconds * 1000 + this.#timeoutMs;
    try {
      return await this.#call("getUpdates", { timeout: seconds }, updateSchema.nullish(), signal, timeoutMs) ?? null;
    } catch (err) {
      if (err instanceof ZaloApiError && err.errorCode === NO_NEWS_CODE) return null;
      throw err;
    }
  }

  /** Point deliveries at `url`; polling stops working until `deleteWebhook`. */
  async setWebhook(params: SetWebhookParams, signal?: AbortSignal): Promise<WebhookInfo> {
    assertLength("setWebhook", "url", params.url, 1, Number.MAX_SAFE_INTEGER);
    assertLength("setWebhook", "secret_token", params.secret_token, 8, 256);
    return this.#call("setWebhook", { url: params.url, secret_token: params.secret_token }, webhookInfoSchema, signal);
  }

  /** Remove the webhook so `getUpdates` can be used. */
  async deleteWebhook(signal?: AbortSignal): Promise<WebhookInfo> {
    return this.#call("deleteWebhook", {}, webhookInfoSchema, signal);
  }

  /** Current webhook; `url` is "" when none is set. */
  async getWebhookInfo(signal?: AbortSignal): Promise<WebhookInfo> {
    return this.#call("getWebhookInfo", {}, webhookInfoSchema, signal);
  }

  /**
   * Send a text. Throws `RangeError` before any request when `text` is empty or over 2000
   * UTF-16 units. A network retry may, rarely, deliver twice: the API has no idempotency key.
   */
  async sendMessage(params: SendMessageParams, signal?: AbortSignal): Promise<SendResult> {
    assertLength("sendMessage", "text", params.text, 1, MAX_TEXT_LENGTH);
    const payload: Record<string, unknown> = { chat_id: params.chat_id, text: params.text };
    if (params.parse_mode) payload["parse_mode"] = params.parse_mode;
    return this.#call("sendMessage", payload, sendResultSchema, signal);
  }

  /** Send an image by URL, with an optional caption (≤ 2000 UTF-16 units). */
  async sendPhoto(params: SendPhotoParams, signal?: AbortSignal): Promise<SendResult> {
    assertLength("sendPhoto", "photo", params.photo, 1, Number.MAX_SAFE_INTEGER);
    const payload: Record<string, unknown> = { chat_id: params.chat_id, photo: params.photo };
    if (params.caption !== undefined) {
      assertLength("sendPhoto", "caption", params.caption, 0, MAX_TEXT_LENGTH);
      payload["caption"] = params.caption;
    }
    return this.#call("sendPhoto", payload, sendResultSchema, signal);
  }

  /** Send a sticker by its id. */
  async sendSticker(params: SendStickerParams, signal?: AbortSignal): Promise<SendResult> {
    return this.#call("sendSticker", { chat_id: params.chat_id, sticker: params.sticker }, sendResultSchema, signal);
  }

  /** Show "typing…" in the chat. The result (`true`) carries no information, so nothing is returned. */
  async sendChatAction(params: SendChatActionParams, signal?: AbortSignal): Promise<void> {
    await this.#call("sendChatAction", { chat_id: params.chat_id, action: params.action }, z.unknown(), signal);
  }

  /** Only the base URL: logging the client must never print the token. */
  toJSON(): { apiRoot: string } {
    return { apiRoot: this.apiRoot };
  }

  /** One method call with retries for transient failures; the result is validated by `schema`. */
  async #call<S extends Schema>(
    method: string,
    payload: Record<string, unknown>,
    schema: S,
    signal?: AbortSignal,
    timeoutMs = this.#timeoutMs,
  ): Promise<z.output<S>> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.#attempt(method, payload, signal, timeoutMs);
        return this.#validate(method, schema, result);
      } catch (err) {
        if (!(err instanceof ZaloNetworkError && err.transient) || attempt >= this.#retries) throw err;
        await this.#pause(backoffDelay(attempt + 1, { baseMs: this.#backoffMs, maxMs: MAX_BACKOFF_MS }), signal);
      }
    }
  }

  /** One HTTP exchange turned into the envelope's `result`, or a typed error. */
  async #attempt(method: string, payload: Record<string, unknown>, signal: AbortSignal | undefined, timeoutMs: number): Promise<unknown> {
    const { status, text } = await this.#post(method, payload, signal, timeoutMs);
    if (status >= 500) {
      throw new ZaloNetworkError({ method, status, transient: true, detail: `HTTP ${status} from the Zalo API.` });
    }
    const json = tryParseJson(text);
    if (json === undefined) {
      // A 4xx without a JSON body is still a refusal; anything else is a broken proxy or host.
      if (status >= 400) throw apiErrorFor(method, status, `HTTP ${status} without a JSON body`);
      throw new ZaloNetworkError({ method, status, transient: false, detail: `HTTP ${status} with a body that is not JSON; is apiRoot (${this.apiRoot}) the Bot API?` });
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw new ZaloNetworkError({ method, status, transient: false, detail: `unexpected response: ${summarizeIssues(envelope.error)}.`, cause: envelope.error });
    }
    const { ok, result, error_code, description } = envelope.data;
    if (!ok) {
      throw apiErrorFor(method, error_code ?? (status >= 400 ? status : 0), redactToken(description ?? "", this.#token));
    }
    return result;
  }

  /** Check a result against its schema; a mismatch is reported, never passed on half-typed. */
  #validate<S extends Schema>(method: string, schema: S, result: unknown): z.output<S> {
    const parsed = schema.safeParse(result);
    if (parsed.success) return parsed.data;
    throw new ZaloNetworkError({ method, transient: false, detail: `unexpected result: ${summarizeIssues(parsed.error)}.`, cause: parsed.error });
  }

  /** POST JSON with a timeout; the caller's abort wins and is re-thrown as its own reason. */
  async #post(method: string, payload: Record<string, unknown>, signal: AbortSignal | undefined, timeoutMs: number): Promise<RawResponse> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const forwardAbort = (): void => controller.abort();
    signal?.addEventListener("abort", forwardAbort, { once: true });
    try {
      const response = await this.#fetch(`${this.apiRoot}/bot${this.#token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted) {
        throw new ZaloNetworkError({ method, transient: true, detail: `no answer within ${timeoutMs} ms.` });
      }
      const cause = sanitizeCause(err, this.#token);
      const detail = redactToken(describeFailure(err), this.#token);
      throw new ZaloNetworkError({ method, transient: true, detail: `${detail}.`, cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forwardAbort);
    }
  }

  /** Wait before a retry, but give up at once if the caller aborts. */
  async #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return this.#sleep(ms);
    signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#sleep(ms).then(
        () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      );
    });
  }
}
