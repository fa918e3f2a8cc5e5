import { existsSync, readFileSync } from "node:fs";
import Fuse from "fuse.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Procedure } from "../src/catalog/schema.js";
import { SearchIndex } from "../src/catalog/search.js";
import { generateCatalog } from "./bench/generate-catalog.js";
import { evaluate, formatEvalReport, loadEvalCases } from "./evaluate.js";
import { toolApp } from "./shared.js";

/**
 * npm run bench — search latency and accuracy on the real catalog and a generated one of
 * 6,000 procedures, beside a naive fuse.js setup measured in the same run; then the channel
 * benchmarks. Ratios matter more than absolute times, which depend on the machine.
 */
const LARGE = 6_000;
const NAIVE_QUERIES = 120;

interface Case {
  q: string;
  intent: string;
  codes?: string[];
}

const cases: Case[] = readFileSync("test/eval/dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Case);
const queries = cases.map((item) => item.q);
const labelled = cases.filter((item) => item.intent === "procedure" && item.codes);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time(run: (query: string) => unknown, list: string[], rounds: number): { p50: number; p99: number } {
  for (const query of list.slice(0, 50)) run(query); // warm up JIT and caches
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of list) {
      const start = process.hrtime.bigint();
      run(query);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function accuracy(top: (query: string) => string | undefined): number {
  const correct = labelled.filter((item) => item.codes!.includes(top(item.q) ?? "")).length;
  return (100 * correct) / labelled.length;
}

function naiveFuse(procedures: Procedure[]): Fuse<Procedure> {
  return new Fuse(procedures, { keys: ["name", "aliases", "keywords"] });
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const rssMb = () => `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`;
const peakMb = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

const catalog = await loadCatalog("content");
const lines: string[] = [`# motcua-bot benchmark (${new Date().toISOString()}, Node ${process.version})`, ""];
lines.push(`RSS before indexes: ${rssMb()}`);

const realIndex = new SearchIndex(catalog.procedures, catalog.synonyms, catalog.lexicon);
const large = generateCatalog(catalog.procedures, LARGE);
const buildStart = process.hrtime.bigint();
const largeIndex = new SearchIndex(large, catalog.synonyms, catalog.lexicon);
const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
lines.push(`RSS with ${LARGE} procedures indexed: ${rssMb()} (peak ${peakMb()}); index build ${ms(buildMs)}`);

const ours = {
  real: time((query) => realIndex.search(query), queries, 20),
  large: time((query) => largeIndex.search(query), queries, 5),
};
const naiveReal = naiveFuse(catalog.procedures);
const naiveLarge = naiveFuse(large);
const sample = queries.slice(0, NAIVE_QUERIES);
const naive = {
  real: time((query) => naiveReal.search(query, { limit: 5 }), sample, 2),
  large: time((query) => naiveLarge.search(query, { limit: 5 }), sample, 1),
};

const accuracyOf = {
  oursReal: accuracy((query) => realIndex.search(query, 1)[0]?.procedure.code),
  oursLarge: accuracy((query) => largeIndex.search(query, 1)[0]?.procedure.code),
  naiveReal: accuracy((query) => naiveReal.search(query, { limit: 1 })[0]?.item.code),
};

lines.push(
  "",
  "## Search latency per query (dev-set queries: one analysis step, then search(); no intent routing)",
  "| catalog | motcua p50 | motcua p99 | naive fuse.js p50 | naive fuse.js p99 | p99 speed-up |",
  "|---|---|---|---|---|---|",
  `| real (${catalog.procedures.length}) | ${ms(ours.real.p50)} | ${ms(ours.real.p99)} | ${ms(naive.real.p50)} | ${ms(naive.real.p99)} | ${(naive.real.p99 / ours.real.p99).toFixed(1)}× |`,
  `| generated (${large.length}) | ${ms(ours.large.p50)} | ${ms(ours.large.p99)} | ${ms(naive.large.p50)} | ${ms(naive.large.p99)} | ${(naive.large.p99 / ours.large.p99).toFixed(1)}× |`,
  "",
  `Growth from ${catalog.procedures.length} to ${large.length} procedures: motcua p99 ×${(ours.large.p99 / ours.real.p99).toFixed(1)}, naive p99 ×${(naive.large.p99 / naive.real.p99).toFixed(1)}.`,
  `Target p99 ≤ 2 ms at ${LARGE}: ${ours.large.p99 <= 2 ? "met" : "NOT met"} (${ms(ours.large.p99)}).`,
  "",
  "## Top-1 accuracy on the development set's procedure questions (search only, no intent routing)",
  `- motcua, real catalog: ${accuracyOf.oursReal.toFixed(1)}%`,
  `- motcua, ${large.length} procedures: ${accuracyOf.oursLarge.toFixed(1)}% (ratio to real ${(accuracyOf.oursLarge / accuracyOf.oursReal).toFixed(3)})`,
  `- naive fuse.js, real catalog: ${accuracyOf.naiveReal.toFixed(1)}%`,
  "",
  `Peak RSS so far: ${peakMb()}`,
);
process.stdout.write(`${lines.join("\n")}\n`);

// The whole understanding (analysis, intents, sections, search) on the development set, beside
// the search latency above: the same figures as `npm run eval`.
{
  const app = await toolApp();
  const report = await evaluate(app, loadEvalCases("test/eval/dev.jsonl"));
  await app.close();
  process.stdout.write(`\n## Development set through the whole core (npm run eval)\n${formatEvalReport("dev.jsonl", report, false)}\n`);
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
