/**
 * The `POST /zalo/webhook` route. It only checks and parses: the update is handed to
 * `accept` and the answer goes back at once, because Zalo retries deliveries that are slow to
 * be acknowledged and a procedure lookup plus several sends can take a while.
 */
import type { HttpRequest, HttpResponse, RouteHandler } from "../../http/server.js";
import { secretMatches } from "../../http/secret.js";
import { parseWebhookBody, type Update } from "./types.js";

/** Header in which Zalo echoes the `secret_token` given to setWebhook. */
export const SECRET_HEADER = "x-bot-api-secret-token";

/** Options for `createWebhookHandler`. */
export interface WebhookHandlerOptions {
  /** The configured ZALO_WEBHOOK_SECRET. */
  secret: string;
  /** Called with each well-formed update; must not block (queue the work). False while stopping. */
  accept(update: Update): boolean;
  /** Called for each refused request, for metrics and logs. */
  onRejected?(status: 400 | 401, reason: string): void;
}

/**
 * 401 for a missing or wrong secret (compared in constant time), 400 for a body that is not
 * JSON or not a Zalo update (wrapped `{ ok, result }` or flat), 503 while stopping, otherwise
 * 200 straight away.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): RouteHandler {
  return (request: HttpRequest): HttpResponse => {
    if (!secretMatches(request.headers[SECRET_HEADER], options.secret)) return reject(options, 401, "wrong or missing secret");
    const update = parseUpdate(request.body);
    if (!update) return reject(options, 400, "body is not a Zalo update");
    // 503 makes Zalo deliver again later, to this instance after a restart or to another one.
    if (!options.accept(update)) return { status: 503, body: "stopping" };
    return { status: 200, body: "ok" };
  };
}

function parseUpdate(body: Buffer): Update | null {
  try {
    return parseWebhookBody(JSON.parse(body.toString("utf8")));
  } catch {
    return null;
  }
}

function reject(options: WebhookHandlerOptions, status: 400 | 401, reason: string): HttpResponse {
  options.onRejected?.(status, reason);
  return { status, body: status === 401 ? "unauthorized" : "bad request" };
}
