import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { CampaignRepository } from "../../src/broadcasts/campaigns.js";
import { createRecords, type Records } from "../../src/records/index.js";
import { subscriptionDb } from "../../src/subscriptions/tables.js";
import { postWebhookUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from "../../test/fakes/telegram-api.js";
import { startTelegramStack } from "../../test/fakes/telegram-stack.js";
import { freePort, startBotProcess, type BotProcess } from "../../test/helpers/bot-process.js";

/**
 * Broadcast benchmark (issue #9): a campaign to a large audience on the fake Bot API with a
 * configured limit, on SQLite and PostgreSQL. It reports the achieved rate as a ratio of the
 * limit, the p99 latency of replies to residents chatting during the campaign against the
 * same residents' p99 with no campaign (measured in the same run), memory during the
 * campaign, and what a hard kill of the real bot process mid-campaign costs (duplicates,
 * nothing lost). The kill-and-resume run is shared with test/broadcasts-crash.test.ts.
 */

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SUBSCRIBERS = Number(process.env.BENCH_BROADCAST_SUBSCRIBERS ?? 100_000);
const LIMIT = 1_000;
const KILL_SUBSCRIBERS = Number(process.env.BENCH_BROADCAST_KILL_SUBSCRIBERS ?? 20_000);
/** BENCH_BROADCAST_BACKENDS=postgres measures one store alone (e.g. again on a quiet machine). */
const BACKENDS = (process.env.BENCH_BROADCAST_BACKENDS ?? "sqlite,postgres")
  .split(",")
  .map((name) => name.trim())
  .filter((name): name is "sqlite" | "postgres" => name === "sqlite" || name === "postgres");
const SECRET = "bench-broadcast-secret-0123456789";
/** Subscribers' chat ids start here; residents probing reply latency use ids far below. */
const FIRST_SUBSCRIBER_CHAT = 5_000_000;
const TIME_LIMIT_MS = 5 * 60_000;

export type Backend = "sqlite" | "postgres";

/**
 * Stores `count` active subscribers (Telegram, Vietnamese, no village or topic chosen) with
 * consecutive chat ids from `firstChat`, in a few large statements: the repository's
 * one-by-one `subscribe` would make seeding, not sending, the measurement.
 */
export async function seedSubscribers(records: Records, count: number, firstChat = FIRST_SUBSCRIBER_CHAT): Promise<number[]> {
  const db = subscriptionDb(records.database);
  const now = Date.now();
  const chats = Array.from({ length: count }, (_, index) => firstChat + index);
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < chats.length; start += 1_000) {
      await trx
        .insertInto("subscribers")
        .values(
          chats.slice(start, start + 1_000).map((chat) => ({
            channel: "telegram",
            chat_id: String(chat),
            user_id: String(chat),
            language: "vi",
            subscribed_at: now,
            unsubscribed_at: null,
            unsubscribed_reason: null,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  return chats;
}

/** A campaign to every subscriber, stored as the CLI stores one: the running bot picks it up. */
export async function addCampaign(records: Records, expected: number): Promise<number> {
  const campaign = await new CampaignRepository(records.database).create({
    state: "scheduled",
    text: "Thông báo thử: bộ phận một cửa nghỉ chiều thứ Sáu.",
    filter: { villages: [], topics: [] },
    origin: "cli",
    createdBy: { channel: "cli", userId: "bench" },
    startAt: Date.now(),
    expected,
  });
  if (!campaign) throw new Error("campaign not stored");
  return campaign.id;
}

/** A records store for one run: a SQLite file in a temporary folder or a fresh PostgreSQL schema. */
export function storeFor(backend: Backend): { env: Record<string, string>; open(): Promise<Records>; dispose(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "motcua-broadcast-"));
  const schema = `b_${randomBytes(6).toString("hex")}`;
  const env: Record<string, string> =
    backend === "sqlite" ? { DATA_DIR: dir } : { DATA_DIR: dir, DATABASE_URL, DATABASE_SCHEMA: schema };
  return {
    env,
    open: () => createRecords({ dataDir: dir, databaseUrl: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
      if (backend === "postgres") await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

/** How many messages each chat received so far (the fake keeps every successful send). */
export function sendsPerChat(fake: FakeTelegram): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of fake.sentMessages()) counts.set(Number(message.chat_id), (counts.get(Number(message.chat_id)) ?? 0) + 1);
  return counts;
}

export interface KillResult {
  subscribers: number;
  /** Announcements delivered before the kill. */
  sentBeforeKill: number;
  /** sendMessage calls in the last second before the kill: the in-flight bound on duplicates. */
  inFlight: number;
  /** Subscribers who got the announcement twice. */
  duplicates: number;
  /** Subscribers who never got it. */
  lost: number;
  /** From the restarted process being connected to the campaign's last message. */
  resumeSeconds: number;
  /** Peak resident memory of the restarted bot process (VmHWM; 0 where /proc is absent). */
  botPeakMb: number;
  /** The restarted process's log, for a failing test to show. */
  logs: string;
}

/**
 * The real bot process (npm start) sends a campaign; it is killed with SIGKILL after `killAfter`
 * announcements, started again on the same store, and left to finish. Counts what reached whom.
 */
export async function killAndResume(options: {
  backend: Backend;
  subscribers: number;
  killAfter: number;
  perSecond: number;
  timeoutMs?: number;
}): Promise<KillResult> {
  const fake = await startFakeTelegram();
  const store = storeFor(options.backend);
  const bots: BotProcess[] = [];
  try {
    const records = await store.open();
    const chats = await seedSubscribers(records, options.subscribers);
    await addCampaign(records, options.subscribers);
    await records.close();
    const port = await freePort();
    const env = {
      ...store.env,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      PORT: String(port),
      INSTANCE_ID: "broadcast-kill",
      TELEGRAM_MAX_PER_SECOND: String(Math.min(1_000, Math.max(30, options.perSecond * 2))),
      TELEGRAM_BROADCAST_PER_SECOND: String(options.perSecond),
      BROADCAST_QUIET_HOURS: "off",
      SHUTDOWN_DEADLINE_SECONDS: "2",
    };
    const start = async () => {
      const bot = startBotProcess(env);
      bots.push(bot);
      await bot.waitForLog("telegram connected", 60_000);
      return bot;
    };
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const first = await start();
    while (fake.sentMessages().length < options.killAfter) {
      if (Date.now() > deadline) throw new Error(`the campaign did not start; logs:\n${first.logs()}`);
      await pause(5);
    }
    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    await first.exited;
    const sentBeforeKill = sendsPerChat(fake).size;
    const inFlight = fake.callsOf("sendMessage").filter((call) => call.at >= killedAt - 1_000).length;
    const second = await start();
    const resumedAt = performance.now();
    const wanted = new Set(chats);
    for (;;) {
      const counts = sendsPerChat(fake);
      if (chats.every((chat) => counts.has(chat)) || Date.now() > deadline) break;
      await pause(50);
    }
    const resumeSeconds = (performance.now() - resumedAt) / 1_000;
    const botPeakMb = peakMemoryMb(second.child.pid);
    const counts = sendsPerChat(fake);
    return {
      subscribers: options.subscribers,
      sentBeforeKill,
      inFlight,
      duplicates: [...counts].filter(([chat, count]) => wanted.has(chat) && count > 1).length,
      lost: chats.filter((chat) => !counts.has(chat)).length,
      resumeSeconds,
      botPeakMb,
      logs: second.logs(),
    };
  } finally {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await Promise.all(bots.map((bot) => bot.exited));
    await fake.close();
    await store.dispose();
  }
}

interface RateResult {
  backend: Backend;
  subscribers: number;
  seconds: number;
  rate: number;
  idleP99: number;
  busyP99: number;
  probes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
}

/** A campaign to `SUBSCRIBERS` in this process, with residents chatting before and during it. */
async function measureRate(backend: Backend): Promise<RateResult> {
  const schema = `b_${randomBytes(6).toString("hex")}`;
  const stack = await startTelegramStack({
    mode: "webhook",
    secret: SECRET,
    ...(backend === "postgres" ? { databaseUrl: DATABASE_URL, databaseSchema: schema } : {}),
    // The fake has no limits; the configured broadcast rate is what is measured against.
    channel: { throttle: false },
    env: { TELEGRAM_BROADCAST_PER_SECOND: String(LIMIT), BROADCAST_QUIET_HOURS: "off" },
  });
  try {
    await seedSubscribers(stack.app.records, SUBSCRIBERS);
    const watcher = new SendWatcher(stack.fake);
    const endpoint = `${stack.url}/telegram/webhook`;
    // Residents chatting with no campaign: the baseline of their reply latency.
    const idle = await probe(endpoint, watcher, 3_000, () => false);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    await addCampaign(stack.app.records, SUBSCRIBERS);
    const deadline = Date.now() + TIME_LIMIT_MS;
    const busy = await probe(endpoint, watcher, TIME_LIMIT_MS, () => watcher.announcements >= SUBSCRIBERS || Date.now() > deadline);
    clearInterval(sampler);
    watcher.stop();
    const seconds = ((watcher.lastAnnouncementAt ?? 0) - (watcher.firstAnnouncementAt ?? 0)) / 1_000;
    return {
      backend,
      subscribers: watcher.announcements,
      seconds,
      rate: seconds > 0 ? (watcher.announcements - 1) / seconds : 0,
      idleP99: percentile(idle, 99),
      busyP99: percentile(busy, 99),
      probes: busy.length,
      rssBeforeMb: rssBefore / 1024 / 1024,
      rssPeakMb: rssPeak / 1024 / 1024,
    };
  } finally {
    await stack.close();
    if (backend === "postgres") await dropSchema(schema);
  }
}

/**
 * Reads the fake's sends as they come and then forgets them, so 100,000 recorded calls do not
 * count as the bot's memory. Scanning and clearing happen in one synchronous step: no call
 * arrives in between.
 */
class SendWatcher {
  announcements = 0;
  firstAnnouncementAt: number | undefined;
  lastAnnouncementAt: number | undefined;
  private readonly replies = new Map<number, (at: number) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly fake: FakeTelegram) {
    this.timer = setInterval(() => this.scan(), 20);
  }

  /** Resolves with the time the first message to `chat` was answered by the fake. */
  replyTo(chat: number): Promise<number> {
    return new Promise((resolve) => this.replies.set(chat, resolve));
  }

  stop(): void {
    clearInterval(this.timer);
    this.scan();
  }

  private scan(): void {
    for (const call of this.fake.calls) {
      if (call.method !== "sendMessage") continue;
      const chat = Number((call.payload as { chat_id?: unknown }).chat_id);
      if (chat >= FIRST_SUBSCRIBER_CHAT) {
        this.announcements++;
        this.firstAnnouncementAt ??= call.at;
        this.lastAnnouncementAt = call.at;
        continue;
      }
      const resolve = this.replies.get(chat);
      this.replies.delete(chat);
      resolve?.(call.at);
    }
    this.fake.reset();
  }
}

let nextProbeChat = 100_000;

/** A resident writes "/help" every 50 ms from a new chat until `done`; returns reply latencies (ms). */
async function probe(endpoint: string, watcher: SendWatcher, maxMs: number, done: () => boolean): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const until = Date.now() + maxMs;
  while (!done() && Date.now() < until) {
    const chat = nextProbeChat++;
    const answered = watcher.replyTo(chat);
    const sentAt = Date.now();
    const response = await postWebhookUpdate(endpoint, { update_id: chat, ...textUpdate("/help", { userId: chat }) }, SECRET);
    if (response.status === 200) latencies.push(answered.then((at) => at - sentAt));
    await pause(50);
  }
  return (await Promise.all(latencies)).sort((a, b) => a - b);
}

/** A process's peak resident memory from /proc (Linux); 0 elsewhere. */
function peakMemoryMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The printable report; PostgreSQL is skipped (and says so) when it cannot be reached. */
export async function benchBroadcasts(progress: (line: string) => void = () => undefined): Promise<string> {
  const lines = [
    `## Broadcasts: a campaign to ${SUBSCRIBERS.toLocaleString("en")} subscribers at a configured ${LIMIT} messages/s (fake Bot API, in process)`,
    "| records | delivered | seconds | rate | rate / limit (target ≥ 95%) | reply p99 idle | reply p99 during | ratio | RSS before → peak |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const kills: string[] = [
    "",
    `### Hard kill (SIGKILL) of the real bot process mid-campaign, then restart (${KILL_SUBSCRIBERS.toLocaleString("en")} subscribers, ${LIMIT}/s)`,
    "| records | sent before kill | in flight at kill | duplicates | lost | resume to last message | bot process peak RSS |",
    "|---|---|---|---|---|---|---|",
  ];
  const notes: string[] = [];
  for (const backend of BACKENDS) {
    try {
      const r = await measureRate(backend);
      progress(`rate ${backend}: ${JSON.stringify(r)}`);
      lines.push(
        `| ${backend} | ${r.subscribers} | ${r.seconds.toFixed(1)} | ${r.rate.toFixed(0)}/s | ${((100 * r.rate) / LIMIT).toFixed(1)}% | ${r.idleP99} ms | ${r.busyP99} ms | ${(r.busyP99 / Math.max(1, r.idleP99)).toFixed(2)}× | ${r.rssBeforeMb.toFixed(0)} → ${r.rssPeakMb.toFixed(0)} MB |`,
      );
      const k = await killAndResume({ backend, subscribers: KILL_SUBSCRIBERS, killAfter: Math.floor(KILL_SUBSCRIBERS / 4), perSecond: LIMIT, timeoutMs: TIME_LIMIT_MS });
      progress(`kill ${backend}: ${JSON.stringify({ ...k, logs: undefined })}`);
      kills.push(`| ${backend} | ${k.sentBeforeKill} | ${k.inFlight} | ${k.duplicates} | ${k.lost} | ${k.resumeSeconds.toFixed(1)} s | ${k.botPeakMb.toFixed(0)} MB |`);
    } catch (error) {
      if (backend !== "postgres") throw error;
      notes.push(`postgres skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  notes.push(
    "",
    "RSS in the first table is this whole process, the in-process fake Bot API included (it keeps every message it accepted);",
    "the bot's own memory is the restarted process's peak in the second table.",
  );
  return [...lines, ...kills, ...notes].join("\n");
}

// `npx tsx scripts/bench/broadcasts.ts`: this part of the benchmark alone.
if (process.argv[1]?.endsWith(join("bench", "broadcasts.ts"))) process.stdout.write(`${await benchBroadcasts((line) => process.stderr.write(`${line}\n`))}\n`);
