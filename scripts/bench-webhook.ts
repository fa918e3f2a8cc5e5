import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { App } from "../src/app.js";
import { postWebhookUpdate, textUpdate, type FakeTelegram, type RecordedCall } from "../test/fakes/telegram-api.js";
import { startTelegramStack } from "../test/fakes/telegram-stack.js";

/**
 * Webhook throughput: updates go in over HTTP, through the secret check, the per-chat queue,
 * grammY, the core and SQLite, and out as sendMessage calls to the fake Bot API, all on
 * loopback in this one process. The core alone runs on the same texts at the same
 * concurrency as the reference, so the channel's cost shows as a ratio.
 *
 * Load is closed-loop: at most IN_FLIGHT updates are unanswered at any time, which is the
 * "stated load" the latency belongs to. Group chats are used because there each answer quotes
 * its question (reply_parameters), which ties every reply to its update exactly.
 */
const UPDATES = 2_000;
const WARM_UP = 200;
const CHATS = 50;
const IN_FLIGHT = 20;
/** The run stops sending after this long, whatever is left, so the bench always ends. */
const TIME_LIMIT_MS = 60_000;
const SECRET = "bench-webhook-secret-0123456789";

interface RunResult {
  completed: number;
  seconds: number;
  latenciesMs: number[];
}

/**
 * memory: nothing durable (sessions and records in process memory), the reference;
 * sqlite: what a commune runs (both stores in SQLite files); postgres: records in PostgreSQL.
 */
type StoreKind = "memory" | "sqlite" | "postgres";
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Measurement {
  store: StoreKind;
  stack: RunResult;
  core: RunResult;
}

/**
 * Runs the measurement on each store kind and returns the printable report. PostgreSQL is
 * skipped (and says so) when it cannot be reached.
 */
export async function benchWebhook(): Promise<string> {
  const measurements: Measurement[] = [];
  const skipped: string[] = [];
  for (const store of ["memory", "sqlite", "postgres"] as const) {
    try {
      measurements.push(await measure(store));
    } catch (error) {
      if (store !== "postgres") throw error;
      skipped.push(`postgres skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return [report(measurements), ...skipped].join("\n");
}

async function measure(store: StoreKind): Promise<Measurement> {
  const schema = store === "postgres" ? `bench_${process.pid}` : undefined;
  // Telegram's limits (30 messages/s) would make the throttler the whole measurement.
  const stack = await startTelegramStack({
    mode: "webhook",
    store: store === "memory" ? "memory" : "sqlite",
    records: store === "memory" ? "memory" : "sqlite",
    ...(schema ? { databaseUrl: DATABASE_URL, databaseSchema: schema } : {}),
    secret: SECRET,
    channel: { throttle: false },
  });
  try {
    const texts = questions();
    const endpoint = `${stack.url}/telegram/webhook`;
    const replies = new ReplyWatcher(stack.fake);
    await webhookRun(endpoint, replies, texts, WARM_UP, 0);
    const whole = await webhookRun(endpoint, replies, texts, UPDATES, WARM_UP);
    await replies.close();
    await coreRun(stack.app, texts, WARM_UP, "warm");
    const core = await coreRun(stack.app, texts, UPDATES, "core");
    return { store, stack: whole, core };
  } finally {
    await stack.close();
    if (schema) await dropSchema(schema);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

/** The development set's questions, each addressed to the bot as a group member would. */
function questions(): string[] {
  return readFileSync("test/eval/dev.jsonl", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { q: string }).q)
    .map((q) => (q.startsWith("/") ? q : `@motcua_test_bot ${q}`));
}

/**
 * Tells when the first reply to a question reaches the fake. The fake calls its waiters
 * synchronously as it records a call, so the time taken here is the arrival time.
 */
class ReplyWatcher {
  private readonly waiting = new Map<number, (at: number) => void>();
  private closed = false;
  private readonly listening: Promise<unknown>;

  constructor(private readonly fake: FakeTelegram) {
    this.listening = fake.waitFor((call) => this.seen(call), TIME_LIMIT_MS * 4).catch(() => undefined);
  }

  /** Resolves with the arrival time of the first reply quoting `messageId`. */
  replyTo(messageId: number): Promise<number> {
    return new Promise((resolve) => this.waiting.set(messageId, resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    // One more call lets the predicate return true, which ends the fake's wait and its timer.
    await fetch(`${this.fake.apiRoot}/bot${this.fake.token}/getMe`).catch(() => undefined);
    await this.listening;
  }

  private seen(call: RecordedCall): boolean {
    if (this.closed) return true;
    const quoted = call.method === "sendMessage" ? replyParameters(call.payload) : undefined;
    const resolve = quoted === undefined ? undefined : this.waiting.get(quoted);
    if (quoted !== undefined && resolve) {
      this.waiting.delete(quoted);
      resolve(performance.now());
    }
    return false;
  }
}

function replyParameters(payload: Record<string, unknown>): number | undefined {
  const parameters = payload.reply_parameters;
  if (typeof parameters !== "object" || parameters === null || !("message_id" in parameters)) return undefined;
  return typeof parameters.message_id === "number" ? parameters.message_id : undefined;
}

async function webhookRun(endpoint: string, replies: ReplyWatcher, texts: string[], count: number, offset: number): Promise<RunResult> {
  let next = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const index = offset + next++;
      const chatId = -(1_000 + (index % CHATS));
      const messageId = 1_000_000 + index;
      const update = { update_id: 1 + index, ...textUpdate(texts[index % texts.length] ?? "", { chatId, userId: 5_000 + (index % CHATS), messageId }) };
      const answered = replies.replyTo(messageId);
      const sent = performance.now();
      const response = await postWebhookUpdate(endpoint, update, SECRET);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
      latenciesMs.push((await answered) - sent);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { completed: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

async function coreRun(app: App, texts: string[], count: number, prefix: string): Promise<RunResult> {
  let next = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const chatId = `${prefix}-${index % CHATS}`;
      const text = (texts[index % texts.length] ?? "").replace(/^@motcua_test_bot /, "");
      const before = performance.now();
      await app.core.handle({ channel: "telegram", chatId, userId: chatId, kind: "text", text });
      latenciesMs.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { completed: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function report(measurements: Measurement[]): string {
  const rate = (run: RunResult) => run.completed / run.seconds;
  const p = (run: RunResult, at: number) => percentile(run.latenciesMs, at);
  const row = (name: string, run: RunResult) =>
    `| ${name} | ${run.completed} | ${rate(run).toFixed(0)} | ${p(run, 50).toFixed(2)} ms | ${p(run, 99).toFixed(2)} ms |`;
  const lines = [
    "## Telegram webhook throughput (fake Bot API on loopback, one process)",
    `Load: ${UPDATES} text updates (development-set questions) across ${CHATS} group chats, at most ${IN_FLIGHT} unanswered at a time,`,
    `after ${WARM_UP} warm-up updates. Throttling OFF (Telegram's 30 messages/s would otherwise be the whole result).`,
    "Every update is stored in the inbox before the 200, and every reply goes through the outbox (durable on sqlite and",
    "postgres; the memory row keeps both in process memory and is the reference for what durability costs).",
    "Latency: webhook POST sent → first reply message recorded by the fake. Core alone: Core.handle on the same texts, same",
    "concurrency, same store, measured in the same run. Client, server and fake share one Node process and its CPU.",
    "",
    "| path | updates | updates/s | p50 | p99 |",
    "|---|---|---|---|---|",
  ];
  for (const { store, stack, core } of measurements) {
    lines.push(row(`whole stack, ${store} store (HTTP webhook → core → sendMessage)`, stack), row(`core alone, ${store} store`, core));
  }
  lines.push("");
  const reference = measurements.find((measurement) => measurement.store === "memory");
  for (const { store, stack, core } of measurements) {
    const durability = reference && store !== "memory" ? `; durable / in-memory whole stack ×${(rate(stack) / rate(reference.stack)).toFixed(2)}` : "";
    lines.push(
      `- ${store}: whole stack / core alone = throughput ×${(rate(stack) / rate(core)).toFixed(2)}, p99 ×${(p(stack, 99) / p(core, 99)).toFixed(1)}${durability}` +
        (stack.completed < UPDATES ? ` (stopped at the ${TIME_LIMIT_MS / 1000} s limit)` : ""),
    );
  }
  return lines.join("\n");
}
