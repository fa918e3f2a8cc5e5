/**
 * The start-up path `npm start` takes (startChannels → createTelegramChannel) with a real
 * SQLite store: /healthz and /metrics, and how start-up treats a wrong token and an
 * unreachable Telegram.
 */
import { TEST_CONTENT_DIR } from "./helpers/app.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp, type App } from "../src/app.js";
import type { Channel } from "../src/channels/runtime.js";
import { startChannels, type RunningChannels } from "../src/channels/start.js";
import { createTelegramChannel } from "../src/channels/telegram/channel.js";
import { loadConfig } from "../src/config.js";
import { Metrics } from "../src/http/metrics.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/logger.js";
import { startFakeTelegram, textUpdate, type FakeTelegram } from "./fakes/telegram-api.js";
import { freePort } from "./helpers/bot-process.js";

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appIn(dataDir: string): Promise<App> {
  return createApp({ config: { CONTENT_DIR: TEST_CONTENT_DIR, DATA_DIR: dataDir, SESSION_TTL_HOURS: 24, DEFAULT_LANGUAGE: "vi" } });
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "motcua-telegram-http-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function healthz(url: string): Promise<{ status: number; body: { ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> } }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe("Telegram through startChannels", () => {
  let fake: FakeTelegram;
  let running: RunningChannels;

  async function start(): Promise<void> {
    fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const dataDir = await tempDir();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
    });
    running = await startChannels({ app: await appIn(dataDir), config, logger: createLogger("silent") });
    cleanups.push(() => running.stop());
  }

  it("reports storage, catalog and telegram on /healthz", async () => {
    await start();
    const { status, body } = await healthz(running.url);
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.checks.storage).toEqual({ ok: true, detail: "sqlite" });
    expect(body.checks.catalog?.ok).toBe(true);
    expect(body.checks.telegram).toEqual({ ok: true, detail: "polling" });
  });

  it("counts Telegram messages by intent in the Prometheus text on /metrics", async () => {
    await start();
    fake.pushUpdate(textUpdate("/start", { userId: 41 }));
    fake.pushUpdate(textUpdate("làm hộ chiếu ở đâu", { userId: 41 }));
    await vi.waitFor(
      () => {
        if (fake.sentMessages().length < 2) throw new Error("waiting for two replies");
      },
      { timeout: 5_000, interval: 10 },
    );
    const response = await fetch(`${running.url}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('motcua_messages_total{channel="telegram",intent="help"} 1');
    expect(text).toContain('motcua_messages_total{channel="telegram",intent="unknown"} 1');
    expect(text).toContain('motcua_unanswered_total{channel="telegram"} 1');
    expect(text).toMatch(/motcua_handle_seconds_count\{channel="telegram"\} 2/);
    expect(text).toContain("# TYPE motcua_outbox_attempts_total counter");
    // The attempt is counted once Telegram has answered the send, a moment after the fake saw it.
    await vi.waitFor(async () => expect(await (await fetch(`${running.url}/metrics`)).text()).toContain(
      'motcua_outbox_attempts_total{channel="telegram",kind="reply",status="sent"} 2',
    ));
  });

  it("keeps serving and reports telegram down while the Bot API is unreachable", async () => {
    await start();
    await fake.close();
    await vi.waitFor(
      async () => {
        const { status, body } = await healthz(running.url);
        expect(status).toBe(503);
        expect(body.checks.telegram?.ok).toBe(false);
        expect(body.checks.storage?.ok).toBe(true);
      },
      { timeout: 8_000, interval: 50 },
    );
  });
});

describe("Telegram start-up problems", () => {
  async function channelWith(env: Record<string, string>, startWaitMs?: number): Promise<{ channel: Channel; url: string }> {
    const dataDir = await tempDir();
    const app = await appIn(dataDir);
    cleanups.push(() => app.close());
    const metrics = new Metrics();
    const logger = createLogger("silent");
    const http = new HttpServer({ metrics, logger });
    const { url } = await http.listen(0, "127.0.0.1");
    cleanups.push(() => http.close());
    const config = loadConfig({ DATA_DIR: dataDir, ...env });
    const intake = { accepting: () => true, ingest: async () => undefined };
    const channel = createTelegramChannel({ config, logger, http, intake }, { startWaitMs, pollTimeoutSeconds: 1 });
    cleanups.push(() => channel.stop());
    return { channel, url };
  }

  it("refuses to start with a token Telegram rejects, saying which setting to fix", async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const { channel } = await channelWith({ TELEGRAM_BOT_TOKEN: "42:not-the-right-token", TELEGRAM_API_ROOT: fake.apiRoot });
    await expect(channel.start()).rejects.toThrow(/TELEGRAM_BOT_TOKEN/);
  });

  it("does not fail start-up while Telegram is unreachable, and keeps trying", async () => {
    const port = await freePort();
    const { channel, url } = await channelWith(
      { TELEGRAM_BOT_TOKEN: "42:some-token-value", TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` },
      200,
    );
    await expect(channel.start()).resolves.toBeUndefined();
    const { status, body } = await healthz(url);
    expect(status).toBe(503);
    expect(body.checks.telegram).toEqual({ ok: false, detail: "connecting" });
    await channel.stop();
  });
});

