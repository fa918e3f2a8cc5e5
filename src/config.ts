import { parseQuietHours } from "./broadcasts/quiet-hours.js";
import { z } from "zod";

/**
 * Configuration from the environment, validated once at start-up. Every variable is listed in
 * .env.example. Secrets stay in this object and are never logged (see `describeConfig`).
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const optionalUrl = optionalText.pipe(z.string().url("must be a full URL like https://bot.example.vn").optional());

export const configSchema = z.object({
  NODE_ENV: optionalText,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  CONTENT_DIR: z.string().trim().min(1).default("content"),
  DATA_DIR: z.string().trim().min(1).default("data"),
  REDIS_URL: optionalText.pipe(z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional()),
  REDIS_NAMESPACE: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, "use 1-64 of A-Z a-z 0-9 _ . -").default("motcua"),
  DATABASE_URL: optionalText.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// (leave it empty for the embedded SQLite file)").optional(),
  ),
  DATABASE_SCHEMA: optionalText.pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "use lowercase letters, digits and _").optional()),
  INSTANCE_ID: optionalText.pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "use 1-64 of A-Z a-z 0-9 . _ -").optional()),
  SHUTDOWN_DEADLINE_SECONDS: z.coerce.number().min(0).max(600).default(25),
  OUTBOX_GIVE_UP_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, "use at least 16 characters").optional()),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(256),
  STAFF_TELEGRAM_IDS: optionalText.pipe(z.string().regex(/^[\d\s,-]+$/, "list Telegram user ids separated by commas").optional()),
  STAFF_ZALO_IDS: optionalText,
  /** The Telegram chat (a group, or one staff member's private chat) where residents' questions arrive. */
  STAFF_TELEGRAM_CHAT_ID: optionalText.pipe(
    z.string().regex(/^-?\d{1,20}$/, "a Telegram chat id: a number, negative for groups (e.g. -1001234567890)").optional(),
  ),
  /** Questions to staff one resident may open in an hour. */
  QUESTIONS_PER_HOUR: z.coerce.number().int().min(1).max(100).default(3),
  /** An unanswered question is announced again in the staff chat after this long (once, in office hours). */
  QUESTION_REMIND_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  /** Working hours within which residents are told to expect an answer. */
  QUESTION_ANSWER_HOURS: z.coerce.number().min(0.5).max(200).default(4),
  /** Outside office hours: hold questions until the desk opens (default), or relay them at once. */
  QUESTION_RELAY_OUTSIDE_HOURS: z.enum(["hold", "now"]).default("hold"),
  /** An answered question with no new message for this long is closed by itself. */
  QUESTION_CLOSE_IDLE_HOURS: z.coerce.number().min(1).max(24 * 90).default(72),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(24),
  DEFAULT_LANGUAGE: z.enum(["vi", "en"]).default("vi"),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PUBLIC_URL: optionalUrl,
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "looks wrong: BotFather tokens look like 123456:ABC-def").optional(),
  ),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_MAX_PER_SECOND: z.coerce.number().min(1).max(1_000).default(30),
  TELEGRAM_BROADCAST_PER_SECOND: z.coerce.number().min(0.1).max(1_000).default(25),
  /**
   * Send campaign messages as Telegram paid broadcasts (allow_paid_broadcast: up to 1,000 a
   * second, charged in Telegram Stars per message). Off by default: it spends the bot's Stars.
   */
  TELEGRAM_PAID_BROADCAST: z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .default("false")
    .transform((value) => value === "true" || value === "1" || value === "yes"),
  /** Least milliseconds between notices, relays and broadcast messages (or their parts) to one chat; 0: off. */
  TELEGRAM_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "use 16-256 characters from A-Z, a-z, 0-9, _ and -").optional(),
  ),
  ZALO_BOT_TOKEN: optionalText,
  ZALO_API_ROOT: optionalUrl,
  ZALO_WEBHOOK_SECRET: optionalText.pipe(z.string().min(8, "must be 8-256 characters").max(256, "must be 8-256 characters").optional()),
  ZALO_BROADCAST_PER_SECOND: z.coerce.number().min(0.1).max(1_000).default(5),
  ZALO_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  // Staff announcements (src/broadcasts): no new announcement messages in these hours (Vietnam time).
  BROADCAST_QUIET_HOURS: z
    .string()
    .optional()
    .transform((text) => (text && text.trim() !== "" ? text : "21:00-07:00"))
    .refine((text) => parseQuietHours(text) !== undefined, 'write a window like "21:00-07:00", or "off"'),
  /** Announcement messages waiting in the outbox at most, per campaign (memory and cancel speed). */
  BROADCAST_BACKLOG: z.coerce.number().int().min(10).max(100_000).optional(),
  // Public links printed on posters and the website; made on a desk computer without the tokens.
  TELEGRAM_BOT_USERNAME: optionalText.pipe(
    z
      .string()
      .transform((name) => name.replace(/^(?:https?:\/\/)?(?:t\.me\/|@)/i, ""))
      .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i, "use the bot's username from BotFather, e.g. motcua_tanphu_bot"))
      .optional(),
  ),
  ZALO_BOT_LINK: optionalText.pipe(
    z.string().regex(/^https:\/\/\S+$/, "use the bot's https link, e.g. https://zalo.me/1234567890").optional(),
  ),
  // Dossier status (issue #8): where statuses come from, lookup limits, the HTTP source.
  DOSSIER_SOURCE: z.enum(["register", "http"]).default("register"),
  DOSSIER_LOOKUPS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
  DOSSIER_LOOKUPS_PER_DAY: z.coerce.number().int().min(1).max(100_000).default(30),
  DOSSIER_HTTP_URL: optionalText.pipe(
    z.string().regex(/^https?:\/\/\S+\{code\}/, "must be an http(s) URL containing {code}, e.g. https://motcua.example.gov.vn/api/hoso?ma={code}").optional(),
  ),
  DOSSIER_HTTP_AUTH_HEADER: optionalText.pipe(z.string().regex(/^[A-Za-z0-9-]+:\s*\S.*$/, "write it as Name: value, e.g. Authorization: Bearer abc").optional()),
  DOSSIER_HTTP_MAPPING: optionalText,
  DOSSIER_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4_000),
  DOSSIER_HTTP_CACHE_SECONDS: z.coerce.number().min(0).max(3_600).default(60),
  DOSSIER_HTTP_POLL_MINUTES: z.coerce.number().min(0).max(24 * 60).default(15),
});

/** The dossier feature's settings (src/dossiers/create.ts). */
export type DossierConfig = Pick<
  Config,
  | "DOSSIER_SOURCE"
  | "DOSSIER_LOOKUPS_PER_HOUR"
  | "DOSSIER_LOOKUPS_PER_DAY"
  | "DOSSIER_HTTP_URL"
  | "DOSSIER_HTTP_AUTH_HEADER"
  | "DOSSIER_HTTP_MAPPING"
  | "DOSSIER_HTTP_TIMEOUT_MS"
  | "DOSSIER_HTTP_CACHE_SECONDS"
  | "DOSSIER_HTTP_POLL_MINUTES"
>;

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // An empty variable (as .env.example leaves them) means "not set", not "set to nothing".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return Object.freeze(parsed.data);
}

/** A log-safe summary: which features are on, never a token or secret. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    contentDir: config.CONTENT_DIR,
    storage: config.REDIS_URL ? "redis" : "sqlite",
    records: config.DATABASE_URL ? "postgres" : "sqlite",
    staff: { telegram: parseCount(config.STAFF_TELEGRAM_IDS), zalo: parseCount(config.STAFF_ZALO_IDS) },
    questionsToStaff: Boolean(config.STAFF_TELEGRAM_CHAT_ID),
    telegram: Boolean(config.TELEGRAM_BOT_TOKEN),
    zalo: Boolean(config.ZALO_BOT_TOKEN),
    webhooks: Boolean(config.PUBLIC_URL),
    port: config.PORT,
    dossiers: { source: config.DOSSIER_SOURCE, polling: config.DOSSIER_SOURCE === "http" ? config.DOSSIER_HTTP_POLL_MINUTES : 0 },
  };
}

function parseCount(list: string | undefined): number {
  return (list ?? "").split(/[,\s]+/).filter(Boolean).length;
}
