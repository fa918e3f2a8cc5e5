import type { WorkCalendar } from "../calendar/index.js";
import type { Catalog } from "../catalog/schema.js";
import type { CoreLogger } from "../core/bot.js";
import type { Middleware } from "../core/middleware.js";
import type { Records } from "../records/index.js";
import type { UsageLog } from "../reports/usage-log.js";
import type { KeyValueStore } from "../storage/store.js";
import type { HandoffContext } from "./context.js";
import { Desk } from "./desk.js";
import { handoffFeature } from "./feature.js";
import { HandoffJobs } from "./jobs.js";
import { OfficeHours } from "./office-hours.js";
import { QuestionRepository } from "./questions.js";
import type { HandoffSettings } from "./settings.js";

/**
 * Questions to staff ("Hỏi cán bộ"): the feature's middleware, its periodic jobs and the desk
 * they share. See README "Questions to staff".
 */
export interface Handoff {
  feature: Middleware;
  jobs: HandoffJobs;
  desk: Desk;
  questions: QuestionRepository;
}

export interface HandoffOptions {
  records: Records;
  store: KeyValueStore;
  catalog: Catalog;
  calendar: WorkCalendar;
  usage: UsageLog;
  settings: HandoffSettings;
  report?: HandoffContext["report"];
  logger?: CoreLogger & { info?(object: object, message?: string): void };
  now?: () => number;
  /** Time between rounds of the periodic jobs (tests shorten it). */
  jobIntervalMs?: number;
}

export function createHandoff(options: HandoffOptions): Handoff {
  const now = options.now ?? Date.now;
  const questions = new QuestionRepository(options.records.database, now);
  const desk = new Desk({
    questions,
    outbox: options.records.outbox,
    usage: options.usage,
    hours: new OfficeHours(options.catalog.office.schedule, options.calendar),
    catalog: options.catalog,
    settings: options.settings,
    now,
  });
  const context: HandoffContext = {
    desk,
    usage: options.usage,
    store: options.store,
    audit: options.records.audit,
    report: options.report,
    logger: options.logger,
  };
  return {
    feature: handoffFeature(context),
    jobs: new HandoffJobs({ desk, leases: options.records.leases, logger: options.logger, intervalMs: options.jobIntervalMs }),
    desk,
    questions,
  };
}

export { handoffSettings, type HandoffConfig, type HandoffSettings } from "./settings.js";
export { OfficeHours } from "./office-hours.js";
