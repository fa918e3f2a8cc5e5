import { connect, type Socket } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Intake } from "../src/delivery/types.js";
import { Metrics } from "../src/http/metrics.js";
import { HttpServer } from "../src/http/server.js";
import { webhookRoute } from "../src/http/webhook-route.js";

/**
 * The HTTP edge against hostile clients: the secret is checked before a body byte is read,
 * announced or streamed bodies over the limit are refused, connections are capped, stalled
 * clients are cut off, /metrics can require a token, and a flood is one log line.
 */
const SECRET = "edge-secret-0123456789";
let server: HttpServer | undefined;
afterEach(async () => server?.close());

async function start(options: Partial<ConstructorParameters<typeof HttpServer>[0]> = {}) {
  const stored: unknown[] = [];
  const intake: Intake = { accepting: () => true, ingest: async (_channel, updates) => void stored.push(...updates) };
  const logs: string[] = [];
  const logger = pino({ level: "info" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
  const metrics = new Metrics();
  server = new HttpServer({ metrics, logger, ...options });
  server.route(
    webhookRoute({
      channel: "telegram",
      path: "/hook",
      secretHeader: "x-secret",
      secret: SECRET,
      parse: (body) => {
        try {
          return JSON.parse(body.toString()) as unknown;
        } catch {
          return null;
        }
      },
      badBodyHelp: "json please",
      intake,
      logger,
    }),
  );
  const { port, url } = await server.listen(0, "127.0.0.1");
  return { port, url, stored, logs, metrics };
}

/** Sends raw bytes and resolves with whatever the server answers before closing. */
function raw(port: number, head: string, body = "", keepOpenMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(answer));
    socket.write(head);
    if (body) socket.write(body);
    if (keepOpenMs > 0) setTimeout(() => socket.destroy(), keepOpenMs);
  });
}

const post = (length: number, secret?: string) =>
  `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${secret ? `x-secret: ${secret}\r\n` : ""}\r\n`;

describe("the HTTP edge", () => {
  it("refuses unauthenticated requests announcing large bodies without reading them, with memory bounded", async () => {
    const { port, metrics, logs } = await start({ maxConnections: 1_000 });
    const before = process.memoryUsage().heapUsed;
    // 400 clients announce 900 KB and send the first 64 KB of it, then wait.
    const answers = await Promise.all(Array.from({ length: 400 }, () => raw(port, post(900_000), "x".repeat(64 * 1024), 5_000)));
    const grown = process.memoryUsage().heapUsed - before;
    expect(answers.every((answer) => answer.startsWith("HTTP/1.1 401"))).toBe(true);
    expect(grown).toBeLessThan(100 * 1024 * 1024);
    expect(await metrics.text()).toContain('motcua_http_rejected_total{reason="unauthorized"} 400');
    // A flood is one log line (per reason and minute), not 400.
    expect(logs.filter((line) => line.includes("refused"))).toHaveLength(1);
  });

  it("refuses a body announced over the limit even with the right secret, and one streamed over it", async () => {
    const { port, stored } = await start();
    expect(await raw(port, post(300 * 1024, SECRET))).toMatch(/^HTTP\/1.1 413/);
    const chunked = `POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-secret: ${SECRET}\r\n\r\n`;
    const chunk = "a".repeat(64 * 1024);
    const body = Array.from({ length: 5 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("") + "0\r\n\r\n";
    expect(await raw(port, chunked, body)).toMatch(/^HTTP\/1.1 413/);
    expect(stored).toEqual([]);
  });

  it("stores a well-formed update and answers 200; 400 for a body that is not one", async () => {
    const { url, stored } = await start();
    const ok = await fetch(`${url}/hook`, { method: "POST", headers: { "x-secret": SECRET }, body: JSON.stringify({ update_id: 1 }) });
    expect(ok.status).toBe(200);
    expect(stored).toEqual([{ update_id: 1 }]);
    const bad = await fetch(`${url}/hook`, { method: "POST", headers: { "x-secret": SECRET }, body: "{nope" });
    expect(bad.status).toBe(400);
  });

  it("answers 503 when the update cannot be stored, so the platform delivers it again", async () => {
    const failing: Intake = { accepting: () => true, ingest: async () => Promise.reject(new Error("records down")) };
    server = new HttpServer({ metrics: new Metrics(), logger: pino({ level: "silent" }) });
    server.route(webhookRoute({ channel: "zalo", path: "/z", secretHeader: "x-secret", secret: SECRET, parse: () => ({}), badBodyHelp: "", intake: failing, logger: pino({ level: "silent" }) }));
    const { url } = await server.listen(0, "127.0.0.1");
    expect((await fetch(`${url}/z`, { method: "POST", headers: { "x-secret": SECRET }, body: "{}" })).status).toBe(503);
  });

  it("caps open connections", async () => {
    const { port } = await start({ maxConnections: 5 });
    const sockets = Array.from({ length: 5 }, () => connect(port, "127.0.0.1"));
    await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once("connect", resolve))));
    const refused = await raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(refused).toBe("");
    for (const socket of sockets) socket.destroy();
  });

  it("cuts off a client that never finishes its headers", async () => {
    const { port } = await start({ headersTimeoutMs: 300 });
    const started = Date.now();
    const answer = await raw(port, "POST /hook HTTP/1.1\r\nHost: x\r\n", "", 10_000);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it("asks for the token on /metrics when one is configured", async () => {
    const { url } = await start({ metricsToken: "metrics-token-0123456789" });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const allowed = await fetch(`${url}/metrics`, { headers: { authorization: "Bearer metrics-token-0123456789" } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("motcua_http_rejected_total");
  });
});
