import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { Metrics } from "./metrics.js";

/**
 * The one HTTP server for all channels: webhook routes registered by channel adapters, plus
 * GET /healthz and GET /metrics. Deliberately tiny (node:http and a route table): a webhook
 * needs a body, a header and a status code, not a framework.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The raw body, read up to the size limit. */
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  body?: string;
  contentType?: string;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;

export type HealthCheck = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

/** Webhook bodies are small JSON documents; anything far larger is hostile or broken. */
export const MAX_BODY_BYTES = 1_000_000;

export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly checks = new Map<string, HealthCheck>();
  private server: Server | null = null;

  constructor(
    private readonly options: { metrics: Metrics; logger?: Logger },
  ) {
    this.route("GET", "/healthz", () => this.health());
    this.route("GET", "/metrics", async () => ({
      status: 200,
      body: await options.metrics.text(),
      contentType: options.metrics.registry.contentType,
    }));
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** A named check reported by /healthz (storage, catalog, each channel). */
  healthCheck(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async listen(port: number, host = "0.0.0.0"): Promise<{ port: number; url: string }> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    // Slow-loris protection: a webhook client that cannot send its headers in time is gone.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
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
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async health(): Promise<HttpResponse> {
    const results: Record<string, { ok: boolean; detail?: string }> = {};
    for (const [name, check] of this.checks) {
      try {
        results[name] = await check();
      } catch {
        results[name] = { ok: false, detail: "check failed" };
      }
    }
    const ok = Object.values(results).every((result) => result.ok);
    return { status: ok ? 200 : 503, body: JSON.stringify({ ok, checks: results }), contentType: "application/json" };
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const handler = this.routes.get(`${request.method ?? "GET"} ${path}`);
    if (!handler) return send(response, { status: 404, body: "not found" });
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return send(response, { status: 413, body: "request body too large" });
    }
    try {
      send(response, await handler({ method: request.method ?? "GET", path, headers: request.headers, body }));
    } catch (error) {
      this.options.logger?.error({ err: error instanceof Error ? error.message : String(error), path }, "http handler failed");
      send(response, { status: 500, body: "internal error" });
    }
  }
}

function send(response: ServerResponse, result: HttpResponse): void {
  if (response.headersSent) return;
  response.writeHead(result.status, { "content-type": result.contentType ?? "text/plain; charset=utf-8" });
  response.end(result.body ?? "");
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        // Drain the rest instead of destroying the socket, so the 413 still reaches the client.
        request.removeAllListeners("data");
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
