import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "../logger.js";
import { safeError } from "../logging/safe-error.js";
import { withTimeout } from "../util/timeout.js";
import type { Metrics } from "./metrics.js";
import { secretMatches } from "./secret.js";

/**
 * The one HTTP server for all channels: webhook routes registered by channel adapters, plus
 * GET /healthz and GET /metrics. Deliberately small (node:http and a route table), and hard
 * at the edge: a route's authorisation is checked on the headers before a single body byte
 * is read, an announced body over the limit is refused unread, connections are capped, and
 * slow clients are cut off by timeouts that the server really enforces.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The raw body, read up to the route's limit. */
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  body?: string;
  contentType?: string;
}

export interface Route {
  method: string;
  path: string;
  /** Checked on the headers alone; a response here refuses the request with the body unread. */
  authorize?(headers: IncomingMessage["headers"]): HttpResponse | null;
  /** Largest body accepted, in bytes. Default `MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
  handle(request: HttpRequest): Promise<HttpResponse> | HttpResponse;
}

export type HealthCheck = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

/** Webhook updates are small JSON documents; 256 KB fits the largest real ones with room. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServerOptions {
  metrics: Metrics;
  logger?: Logger;
  /** Connections open at once, at most (default 256). */
  maxConnections?: number;
  /** Bearer token required for /metrics; unset means open (bind to localhost or a private network). */
  metricsToken?: string;
  /** Longest wait for one health check (default 1.5 s). */
  healthTimeoutMs?: number;
  /** A client must have sent its headers within this time (default 10 s). */
  headersTimeoutMs?: number;
  /** …and its whole request within this time (default 15 s). */
  requestTimeoutMs?: number;
}

type RejectReason = "not_found" | "unauthorized" | "too_large" | "bad_request" | "timeout" | "unavailable" | "error";

export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private readonly checks = new Map<string, HealthCheck>();
  private readonly lastLogged = new Map<RejectReason, number>();
  private server: Server | null = null;
  private draining = false;

  constructor(private readonly options: HttpServerOptions) {
    this.route({ method: "GET", path: "/healthz", handle: () => this.health() });
    this.route({
      method: "GET",
      path: "/metrics",
      authorize: (headers) => this.authorizeMetrics(headers),
      handle: async () => ({ status: 200, body: await options.metrics.text(), contentType: options.metrics.registry.contentType }),
    });
  }

  route(route: Route): void {
    this.routes.set(`${route.method.toUpperCase()} ${route.path}`, route);
  }

  /** A named check reported by /healthz (storage, records, each channel). */
  healthCheck(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** While draining, /healthz says 503 so a load balancer stops sending traffic here. */
  drain(): void {
    this.draining = true;
  }

  async listen(port: number, host = "0.0.0.0"): Promise<{ port: number; url: string }> {
    // connectionsCheckingInterval is what makes headersTimeout and requestTimeout fire on
    // connections that simply stop sending.
    const headersTimeout = this.options.headersTimeoutMs ?? 10_000;
    const requestTimeout = Math.max(this.options.requestTimeoutMs ?? 15_000, headersTimeout);
    const options = { connectionsCheckingInterval: Math.min(1_000, headersTimeout / 2), headersTimeout, requestTimeout };
    const server = createServer(options, (request, response) => void this.dispatch(request, response));
    server.maxConnections = this.options.maxConnections ?? 256;
    server.keepAliveTimeout = 5_000;
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
      const timedOut = error.code === "ERR_HTTP_REQUEST_TIMEOUT";
      this.rejected(timedOut ? "timeout" : "bad_request");
      const status = timedOut ? "408 Request Timeout" : "400 Bad Request";
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    return { port: address.port, url: `http://${shownHost}:${address.port}` };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeIdleConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Connections still busy after a moment are cut: stopping must not wait on a slow client.
    const timer = setTimeout(() => server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(timer);
  }

  private async health(): Promise<HttpResponse> {
    const results: Record<string, { ok: boolean; detail?: string }> = {};
    const timeout = this.options.healthTimeoutMs ?? 1_500;
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          results[name] = await withTimeout(Promise.resolve(check()), timeout, `health check ${name}`);
        } catch {
          results[name] = { ok: false, detail: "no answer in time" };
        }
      }),
    );
    if (this.draining) results.server = { ok: false, detail: "stopping" };
    const ok = Object.values(results).every((result) => result.ok);
    return { status: ok ? 200 : 503, body: JSON.stringify({ ok, checks: results }), contentType: "application/json" };
  }

  private authorizeMetrics(headers: IncomingMessage["headers"]): HttpResponse | null {
    const token = this.options.metricsToken;
    if (!token) return null;
    const given = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
    return secretMatches(given, token) ? null : { status: 401, body: "send Authorization: Bearer <METRICS_TOKEN>" };
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const route = this.routes.get(`${request.method ?? "GET"} ${path}`);
    if (!route) return this.refuse(request, response, "not_found", { status: 404, body: "not found" });
    const refusal = route.authorize?.(request.headers);
    if (refusal) return this.refuse(request, response, "unauthorized", refusal);
    const limit = route.maxBodyBytes ?? MAX_BODY_BYTES;
    const announced = Number(request.headers["content-length"] ?? 0);
    if (!Number.isFinite(announced) || announced > limit) {
      return this.refuse(request, response, "too_large", { status: 413, body: `request body over ${limit} bytes` });
    }
    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch {
      return this.refuse(request, response, "too_large", { status: 413, body: `request body over ${limit} bytes` });
    }
    try {
      const result = await route.handle({ method: request.method ?? "GET", path, headers: request.headers, body });
      if (result.status === 400) this.rejected("bad_request");
      if (result.status === 503) this.rejected("unavailable");
      send(response, result);
    } catch (error) {
      this.rejected("error", error);
      send(response, { status: 500, body: "internal error" });
    }
  }

  /** Answers without reading the body and closes the connection, so no unread bytes are kept. */
  private refuse(request: IncomingMessage, response: ServerResponse, reason: RejectReason, result: HttpResponse): void {
    this.rejected(reason);
    response.shouldKeepAlive = false;
    response.once("finish", () => request.socket.destroy());
    send(response, result, { connection: "close" });
  }

  /** Counted always; logged at most once a minute per reason, so a flood is one line, not a million. */
  private rejected(reason: RejectReason, error?: unknown): void {
    this.options.metrics.httpRejected.inc({ reason });
    const now = Date.now();
    if (now - (this.lastLogged.get(reason) ?? 0) < 60_000) return;
    this.lastLogged.set(reason, now);
    const level = reason === "error" ? "error" : "warn";
    this.options.logger?.[level]({ reason, ...(error ? { err: safeError(error) } : {}) }, "http requests refused (logged once a minute; see motcua_http_rejected_total)");
  }
}

function send(response: ServerResponse, result: HttpResponse, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(result.status, { "content-type": result.contentType ?? "text/plain; charset=utf-8", ...headers });
  response.end(result.body ?? "");
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        request.removeAllListeners("data");
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
