import { existsSync } from "node:fs";
import { benchSearchLatency } from "./bench/search-latency.js";
import { DEV_SETS, evaluate, formatEvalReport, loadEvalCases } from "./evaluate.js";
import { toolApp } from "./shared.js";

/**
 * npm run bench — search latency and accuracy on the real catalog and a generated one of
 * 6,000 procedures, beside a naive fuse.js setup measured in the same run
 * (scripts/bench/search-latency.ts); then the channel benchmarks. Ratios matter more than
 * absolute times, which depend on the machine.
 */
process.stdout.write(`# motcua-bot benchmark (${new Date().toISOString()}, Node ${process.version})\n\n`);
process.stdout.write(`${await benchSearchLatency()}\n`);

// The whole understanding (analysis, intents, sections, search) on the development sets, beside
// the search latency above: the same figures as `npm run eval`.
{
  const app = await toolApp();
  process.stdout.write("\n## Development sets through the whole core (npm run eval)\n");
  for (const file of DEV_SETS) {
    const report = await evaluate(app, loadEvalCases(`test/eval/${file}`));
    process.stdout.write(`${formatEvalReport(file, report, false)}\n`);
  }
  await app.close();
}

// Channel benchmarks live beside their channels' code and join this report when present.
if (existsSync(new URL("./bench-webhook.ts", import.meta.url))) {
  const { benchWebhook } = (await import("./bench-webhook.js")) as { benchWebhook: () => Promise<string> };
  process.stdout.write(`\n${await benchWebhook()}\n`);
}

// Dossier lookups and imports (issue #8) on SQLite and PostgreSQL.
if (existsSync(new URL("./bench-dossiers.ts", import.meta.url))) {
  const { benchDossiers } = (await import("./bench-dossiers.js")) as { benchDossiers: () => Promise<string> };
  process.stdout.write(`\n${await benchDossiers()}\n`);
}

// Staff broadcasts (issue #9): rate against the configured limit, replies during a campaign, kill and resume.
if (existsSync(new URL("./bench/broadcasts.ts", import.meta.url))) {
  const { benchBroadcasts } = (await import("./bench/broadcasts.js")) as { benchBroadcasts: () => Promise<string> };
  process.stdout.write(`\n${await benchBroadcasts()}\n`);
}
