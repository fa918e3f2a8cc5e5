import type { Catalog } from "../catalog/schema.js";
import type { CoreLogger } from "../core/bot.js";
import type { Middleware } from "../core/middleware.js";
import type { Language } from "../core/types.js";
import type { Records } from "../records/index.js";
import type { Audience } from "../subscriptions/types.js";
import { announcementBody } from "./announcement.js";
import { CampaignRepository } from "./campaigns.js";
import { proposeCatalogDrafts } from "./catalog-drafts.js";
import { broadcastFeature } from "./feature.js";
import { parseQuietHours, type QuietHours } from "./quiet-hours.js";
import { CampaignRunner, type CampaignRunnerOptions } from "./runner.js";
import { BroadcastService } from "./service.js";

/**
 * Staff announcements to subscribed residents (issue #9): the staff commands, the service the
 * command line shares, and the runner that sends campaigns through the outbox. See README
 * "Broadcasts".
 */
export interface Broadcasts {
  feature: Middleware;
  service: BroadcastService;
  campaigns: CampaignRepository;
  runner: CampaignRunner;
  quiet: QuietHours | null;
  /** At start-up: drafts for procedures new or changed since the catalog seen last (never sent on their own). */
  proposeCatalogDrafts(): Promise<number>;
}

export interface BroadcastsOptions {
  records: Records;
  catalog: Catalog;
  audience: Audience;
  /** BROADCAST_QUIET_HOURS ("21:00-07:00", "off"). */
  quietHours?: string;
  /** BROADCAST_BACKLOG. */
  backlog?: number;
  /** The staff chat (STAFF_TELEGRAM_CHAT_ID) for reports of campaigns not started from a chat. */
  staffChatId?: string;
  staffLanguage?: Language;
  giveUpAfterMs?: number;
  logger?: CampaignRunnerOptions["logger"] & CoreLogger;
  now?: () => number;
  /** Time between runner rounds (default 1 s). */
  intervalMs?: number;
}

export function createBroadcasts(options: BroadcastsOptions): Broadcasts {
  const now = options.now ?? Date.now;
  const quiet = parseQuietHours(options.quietHours ?? "21:00-07:00") ?? null;
  const campaigns = new CampaignRepository(options.records.database, now);
  const service = new BroadcastService({ records: options.records, campaigns, audience: options.audience, catalog: options.catalog, quiet, now });
  const office = options.catalog.office.name;
  const runner = new CampaignRunner({
    records: options.records,
    campaigns,
    audience: options.audience,
    render: (campaign, language) => announcementBody(campaign, language, office),
    quiet,
    backlog: options.backlog,
    staffChat: options.staffChatId ? { channel: "telegram", chatId: options.staffChatId } : undefined,
    staffLanguage: options.staffLanguage ?? "vi",
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * 3_600_000,
    logger: options.logger,
    intervalMs: options.intervalMs,
    now,
  });
  return {
    feature: broadcastFeature(service),
    service,
    campaigns,
    runner,
    quiet,
    proposeCatalogDrafts: () =>
      proposeCatalogDrafts({
        catalog: options.catalog,
        records: options.records,
        service,
        staffChat: options.staffChatId ? { channel: "telegram", chatId: options.staffChatId } : undefined,
        staffLanguage: options.staffLanguage ?? "vi",
        giveUpAfterMs: options.giveUpAfterMs ?? 24 * 3_600_000,
        now,
      }),
  };
}
