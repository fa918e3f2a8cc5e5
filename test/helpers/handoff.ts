/**
 * Test helpers for questions to staff: a content folder with structured office hours and a
 * small holidays file (built from the unit-test fixture catalog), a settable clock, an app on
 * it, and a whole stack with BOTH channels (fake Telegram for the staff chat, fake Zalo for
 * residents) that can be stopped and started again on the same records.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createApp, type App, type AppConfig } from "../../src/app.js";
import { asLocalDate, vietnamInstant } from "../../src/calendar/index.js";
import { startChannels, type RunningChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { Metrics } from "../../src/http/metrics.js";
import { HttpServer } from "../../src/http/server.js";
import type { Records } from "../../src/records/index.js";
import { createMemoryStore, createStore, type KeyValueStore } from "../../src/storage/store.js";
import type { FakeTelegram } from "../fakes/telegram-api.js";
import type { FakeZalo } from "../fakes/zalo-api.js";

/** The staff group in the fake Telegram, and two staff members in it. */
export const STAFF_CHAT = -1_001_234_567;
export const STAFF_A = 501;
export const STAFF_B = 502;
export const OFFICE_PHONE = "0200 000 000";

const OFFICE = `name: "Bộ phận Một cửa xã Thử"
commune: "Xã Thử"
province: "Tỉnh Một"
address: "Số 1 đường Thử"
hours:
  - "Thứ Hai – Thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00"
schedule:
  weekdays: ["07:30-11:30", "13:30-17:00"]
phone: "${OFFICE_PHONE}"
onlinePortal: "https://dichvucong.gov.vn"
sample: true
`;

const HOLIDAYS = `years:
  "2026":
    source: "test"
    daysOff:
      - { date: "2026-02-16", name: "Tết Nguyên đán" }
      - { date: "2026-02-17", name: "Tết Nguyên đán" }
      - { date: "2026-11-24", name: "Ngày Văn hóa Việt Nam" }
    workingDays:
      - { date: "2026-01-10", name: "Làm bù" }
`;

/** A content folder: the fixture catalog with office hours and holidays. Remove it after. */
export function handoffContent(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "motcua-handoff-content-"));
  cpSync("test/fixtures/catalog", dir, { recursive: true });
  writeFileSync(join(dir, "office.yaml"), OFFICE);
  writeFileSync(join(dir, "holidays.yaml"), HOLIDAYS);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock tests move by hand; starts at a Vietnam date and time. */
export function testClock(date: string, hour: number, minute = 0) {
  let at = vietnamInstant(asLocalDate(date), hour, minute);
  return {
    now: () => at,
    set(next: string, h: number, m = 0) {
      at = vietnamInstant(asLocalDate(next), h, m);
    },
    advance(ms: number) {
      at += ms;
    },
  };
}

/** Monday 23 November 2026, 09:00 in Vietnam: the desk is open. */
export const OPEN_MONDAY = ["2026-11-23", 9] as const;

export interface HandoffAppOptions {
  contentDir: string;
  now: () => number;
  store?: KeyValueStore;
  records?: Records | "memory";
  config?: Partial<AppConfig>;
}

/** The app on the handoff content with a staff chat configured (staff: STAFF_A, STAFF_B on Telegram; "zs1" on Zalo). */
export function handoffApp(options: HandoffAppOptions): Promise<App> {
  return createApp({
    config: {
      CONTENT_DIR: options.contentDir,
      DATA_DIR: "data",
      SESSION_TTL_HOURS: 24,
      DEFAULT_LANGUAGE: "vi",
      STAFF_TELEGRAM_IDS: `${STAFF_A},${STAFF_B}`,
      STAFF_ZALO_IDS: "zs1",
      STAFF_TELEGRAM_CHAT_ID: String(STAFF_CHAT),
      ...options.config,
    },
    store: options.store ?? createMemoryStore(),
    records: options.records ?? "memory",
    now: options.now,
  });
}

export interface HandoffStackOptions {
  contentDir: string;
  /** Sessions, counters and (without databaseUrl) records live here; reused across restarts. */
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
  telegram: FakeTelegram;
  zalo: FakeZalo;
  now: () => number;
  config?: Partial<AppConfig>;
  /** Rounds of the periodic jobs; tests that drive them by hand pass a long interval. */
  jobIntervalMs?: number;
  /** Run Zalo only (messages for the staff group wait in the outbox for a run with Telegram). */
  withoutTelegram?: boolean;
}

export interface HandoffStack {
  app: App;
  running: RunningChannels;
  /** Graceful stop; the fakes and the data stay for a restart. */
  stop(): Promise<void>;
}

/** The real app, HTTP server, pipeline and both channels against the fakes. */
export async function startHandoffStack(options: HandoffStackOptions): Promise<HandoffStack> {
  const logger = pino({ level: process.env.STACK_LOG ?? "silent" });
  const config = {
    STAFF_TELEGRAM_IDS: `${STAFF_A},${STAFF_B}`,
    STAFF_TELEGRAM_CHAT_ID: String(STAFF_CHAT),
    ...Object.fromEntries(Object.entries(options.config ?? {}).map(([key, value]) => [key, String(value)])),
  };
  const app = await createApp({
    config: {
      CONTENT_DIR: options.contentDir,
      DATA_DIR: options.dataDir,
      SESSION_TTL_HOURS: 24,
      DEFAULT_LANGUAGE: "vi",
      DATABASE_URL: options.databaseUrl,
      DATABASE_SCHEMA: options.databaseSchema,
      INSTANCE_ID: "handoff-test",
      STAFF_TELEGRAM_IDS: config.STAFF_TELEGRAM_IDS,
      STAFF_TELEGRAM_CHAT_ID: config.STAFF_TELEGRAM_CHAT_ID,
      ...options.config,
    },
    store: createStore({ dataDir: options.dataDir }),
    logger,
    now: options.now,
    handoffJobIntervalMs: options.jobIntervalMs ?? 60_000,
  });
  const metrics = new Metrics();
  const http = new HttpServer({ metrics, logger });
  await http.listen(0, "127.0.0.1");
  const channelConfig = loadConfig({
    ...(options.withoutTelegram ? {} : { TELEGRAM_BOT_TOKEN: options.telegram.token, TELEGRAM_API_ROOT: options.telegram.apiRoot }),
    ZALO_BOT_TOKEN: options.zalo.token,
    ZALO_API_ROOT: options.zalo.apiRoot,
    DATA_DIR: options.dataDir,
    ...config,
  });
  const running = await startChannels({
    app,
    config: channelConfig,
    logger,
    http,
    metrics,
    // Telegram's per-group pacing would only slow the staff group's messages down here.
    telegram: { pollTimeoutSeconds: 1, throttle: false },
    zalo: { pollTimeoutSeconds: 1, backoffMs: 10, maxBackoffMs: 50 },
    pipeline: { sender: { pollMs: 50, retry: { baseMs: 50, maxMs: 200 } }, typingDelayMs: 10_000 },
  });
  return { app, running, stop: () => running.stop(Date.now() + 3_000) };
}
