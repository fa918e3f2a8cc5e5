import { existsSync } from "node:fs";
import { createApp } from "./app.js";
import { ContentError } from "./catalog/load.js";
import { runConsoleChat } from "./channels/console.js";
import { ConfigError, describeConfig, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { RecordsError } from "./records/database.js";

/** Start-up: config → catalog → storage → core → channels. Refuses to start on bad input. */
async function main(): Promise<void> {
  // Settings may live in ./.env (see .env.example); variables already set in the environment win.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig();
  const messengers = Boolean(config.TELEGRAM_BOT_TOKEN || config.ZALO_BOT_TOKEN);
  // The terminal chat shares the screen with logs, so it logs only problems by default.
  const logger = createLogger(config.LOG_LEVEL ?? (messengers ? "info" : "warn"));
  const app = await createApp({ config, logger });
  logger.info({ config: describeConfig(config), procedures: app.catalog.procedures.length }, "starting");
  if (!messengers) {
    await runConsoleChat(app.core, app.records);
    await app.close();
    return;
  }
  const { startChannels } = await import("./channels/start.js");
  const running = await startChannels({ app, config, logger });
  // With an HTTP dossier source, followed dossiers are polled for changes (stopped by app.close()).
  app.dossiers.startPolling();
  const deadlineMs = config.SHUTDOWN_DEADLINE_SECONDS * 1_000;
  const shutdown = (signal: string) => {
    logger.info({ signal, deadlineSeconds: config.SHUTDOWN_DEADLINE_SECONDS }, "stopping");
    // Past the deadline (and a little for closing the stores) the process ends regardless.
    setTimeout(() => {
      logger.error("stop took longer than the deadline; exiting, unfinished work stays stored for the next start");
      process.exit(0);
    }, deadlineMs + 5_000).unref();
    void running.stop(Date.now() + deadlineMs).then(() => {
      logger.info("stopped");
      process.exit(0);
    });
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ContentError || error instanceof ConfigError || error instanceof RecordsError) {
    process.stderr.write(`motcua-bot cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`motcua-bot stopped: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
});
