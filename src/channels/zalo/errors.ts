/**
 * Typed failures of the Zalo Bot Platform client. Callers decide what to do by type:
 * `ZaloApiError` means the API understood and refused (do not retry blindly),
 * `ZaloQuotaError` means stop sending until the quota resets (broadcasts pause and keep progress),
 * `ZaloNetworkError` means the answer never arrived or could not be read.
 *
 * None of these messages may contain the bot token: it is part of every request URL, so any
 * text that could have come from a URL goes through `redactToken` before it lands here.
 */

/** Replacement text for a token found in a message. */
export const REDACTED = "<redacted>";

/** Error code the API uses when the monthly message quota is used up. */
export const QUOTA_ERROR_CODE = 429;

/**
 * Remove every occurrence of `token` (raw and URL-encoded) from `text`.
 * Used on anything that might echo a request URL: fetch errors, server descriptions, stacks.
 */
export function redactToken(text: string, token: string): string {
  if (token === "") return text;
  let out = text.split(token).join(REDACTED);
  const encoded = encodeURIComponent(token);
  if (encoded !== token) out = out.split(encoded).join(REDACTED);
  return out;
}

/** What went wrong, for the reader: a hint on how to fix the common refusals. */
function hintFor(errorCode: number, description: string): string {
  if (errorCode === 401) return " Check the bot token (bot.zaloplatforms.com → your bot → token).";
  if (errorCode === QUOTA_ERROR_CODE) return " The bot's message quota is used up; pause sending until it resets.";
  if (/parse entities/i.test(description)) return " Resend the text without parse_mode (plain text).";
  return "";
}

/** The API answered `ok: false` (usually with HTTP 200). */
export class ZaloApiError extends Error {
  override name: string = "ZaloApiError";
  /** The API's `error_code` (400 bad request, 401 bad token, 403, 404, 408 poll timeout, 429 quota). */
  readonly errorCode: number;
  /** The API's `description`, already free of the token. */
  readonly description: string;
  /** The Bot API method that failed, e.g. "sendMessage". */
  readonly method: string;

  constructor(method: string, errorCode: number, description: string) {
    super(`Zalo API ${method} failed with ${errorCode}: ${description || "(no description)"}.${hintFor(errorCode, description)}`);
    this.method = method;
    this.errorCode = errorCode;
    this.description = description;
  }
}

/** The API answered 429 "Quota exceeded": sending more now is pointless. */
export class ZaloQuotaError extends ZaloApiError {
  override name: string = "ZaloQuotaError";
}

/** Build the right `ZaloApiError` subclass for an `ok: false` answer. */
export function apiErrorFor(method: string, errorCode: number, description: string): ZaloApiError {
  return errorCode === QUOTA_ERROR_CODE
    ? new ZaloQuotaError(method, errorCode, description)
    : new ZaloApiError(method, errorCode, description);
}

/** Options for `ZaloNetworkError`. */
export interface ZaloNetworkErrorInit {
  method: string;
  /** Why it failed, in words; must already be free of the token. */
  detail: string;
  /** HTTP status when a response arrived (5xx, or an unreadable body). */
  status?: number;
  /** True when trying again later may work (connection failures, timeouts, 5xx). */
  transient: boolean;
  /** The underlying error, already passed through `sanitizeCause`. */
  cause?: unknown;
}

/**
 * The request failed below the API level: connection refused, timeout, HTTP 5xx after the
 * retries ran out, or a body that is not the documented JSON envelope.
 */
export class ZaloNetworkError extends Error {
  override name: string = "ZaloNetworkError";
  /** The Bot API method that failed. */
  readonly method: string;
  /** HTTP status if the server answered at all. */
  readonly status: number | undefined;
  /** Whether a later attempt may succeed; malformed answers are not transient. */
  readonly transient: boolean;

  constructor(init: ZaloNetworkErrorInit) {
    super(`Zalo API ${init.method} failed: ${init.detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.method = init.method;
    this.status = init.status;
    this.transient = init.transient;
  }
}

/**
 * Copy an error (and its cause chain) with the token removed from messages and stacks.
 * fetch implementations put the full URL into some messages ("Failed to parse URL from …"),
 * and `util.inspect` prints causes, so the original must never be attached as-is.
 */
export function sanitizeCause(err: unknown, token: string, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === "string" ? redactToken(err, token) : undefined;
  const inner = depth < 4 && err.cause !== undefined ? sanitizeCause(err.cause, token, depth + 1) : undefined;
  const copy = new Error(redactToken(err.message, token), inner === undefined ? undefined : { cause: inner });
  copy.name = err.name;
  copy.stack = redactToken(err.stack ?? "", token);
  const code = "code" in err ? err.code : undefined;
  if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
  return copy;
}
