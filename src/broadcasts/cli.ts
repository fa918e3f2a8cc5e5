import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatVietnamDateTime } from "../calendar/vietnam-time.js";
import { ContentError, loadCatalog } from "../catalog/load.js";
import { loadConfig } from "../config.js";
import { replyToPlainText } from "../core/types.js";
import { createRecords } from "../records/index.js";
import { SubscriberRepository } from "../subscriptions/repository.js";
import { CampaignRepository } from "./campaigns.js";
import { parseQuietHours, parseVietnamDateTime } from "./quiet-hours.js";
import { BroadcastService, TargetError } from "./service.js";
import type { CliIo } from "../util/cli-io.js";

/**
 * npm run broadcast -- --file note.md [--area thon-a,…] [--topic ho-tich,…] [--procedure CODE]
 *                      [--at "2026-12-01 07:00"] [--dry-run]
 *
 * Stores a confirmed campaign in the records store the bot uses (DATA_DIR or DATABASE_URL);
 * the running bot's campaign runner sends it. The CLI never sends anything itself, and the
 * same file, target and time stored twice is one campaign: the announcement goes out once.
 */
export const BROADCAST_USAGE =
  'usage: npm run broadcast -- --file note.md [--area a,b] [--topic t1,t2] [--procedure CODE] [--at "2026-12-01 07:00"] [--dry-run]';

export async function runBroadcastCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        file: { type: "string" },
        area: { type: "string", multiple: true },
        topic: { type: "string", multiple: true },
        procedure: { type: "string" },
        at: { type: "string" },
        "dry-run": { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${BROADCAST_USAGE}\n`);
    return 2;
  }
  if (!values.file) {
    io.err(`--file is required\n${BROADCAST_USAGE}\n`);
    return 2;
  }
  const at = values.at === undefined ? undefined : parseVietnamDateTime(values.at);
  if (values.at !== undefined && at === undefined) {
    io.err(`--at "${values.at}" is not a time: write "2026-12-01 07:00" (Vietnam time)\n`);
    return 2;
  }
  let text: string;
  try {
    text = (await readFile(values.file, "utf8")).trim();
  } catch (error) {
    io.err(`cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  if (text === "") {
    io.err(`${values.file} is empty: write the announcement in it\n`);
    return 2;
  }
  const config = loadConfig(env);
  let catalog;
  try {
    catalog = await loadCatalog(resolve(config.CONTENT_DIR));
  } catch (error) {
    if (error instanceof ContentError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const filter = { villages: splitList(values.area), topics: splitList(values.topic) };
  const records = await createRecords({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  try {
    const campaigns = new CampaignRepository(records.database);
    const quiet = parseQuietHours(config.BROADCAST_QUIET_HOURS) ?? null;
    const service = new BroadcastService({ records, campaigns, audience: new SubscriberRepository(records.database), catalog, quiet });
    const actor = { channel: "cli", userId: userInfo().username };
    const key = `cli:${createHash("sha256").update(JSON.stringify([text, filter, values.procedure ?? null, at ?? null])).digest("hex").slice(0, 32)}`;
    const existing = await campaigns.byOriginKey(key);
    if (existing) {
      io.out(`Already stored as campaign ${existing.id} (${existing.state}); nothing new stored, it is sent once.\n`);
      return 0;
    }
    const notify = config.STAFF_TELEGRAM_CHAT_ID ? { channel: "telegram", chatId: config.STAFF_TELEGRAM_CHAT_ID } : null;
    if (values["dry-run"]) {
      service.checkTarget(filter, values.procedure);
      const count = await service.count({ filter });
      const shown = service.preview({ text, procedureId: values.procedure ?? null }, config.DEFAULT_LANGUAGE);
      io.out(`${replyToPlainText(shown)}\n\nDry run: would go to ${count} subscribers. Nothing stored.\n`);
      return 0;
    }
    const campaign = await service.draft(actor, { text, filter, procedure: values.procedure ?? null }, "cli", notify, key);
    if (!campaign) {
      io.out("Already stored by a run a moment ago; nothing new stored.\n");
      return 0;
    }
    const result = await service.send(actor, campaign.id, at);
    if (result.kind !== "scheduled") {
      io.err(`campaign ${campaign.id} could not be confirmed (${result.kind})\n`);
      return 1;
    }
    io.out(
      `Campaign ${campaign.id}: ${result.count} recipients from ${formatVietnamDateTime(result.startAt)}` +
        `${result.moved ? " (moved out of the quiet hours)" : ""}. The running bot sends it; follow it with /tbxem ${campaign.id}.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await records.close();
  }
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
}
