import { readFileSync } from "node:fs";
import { z } from "zod";
import { ask, toolApp } from "./shared.js";

/**
 * npm run eval -- FILE.jsonl   scores cases {q, intent, codes?, section?} and prints accuracy.
 * Top-1 takes the procedure shown, or the first candidate when the bot offered a choice.
 */
const caseSchema = z.object({
  q: z.string(),
  intent: z.enum(["help", "procedure", "status", "subscribe", "unsubscribe", "unknown"]),
  codes: z.array(z.string()).optional(),
  section: z.enum(["documents", "fees", "time", "steps", "where", "online", "legal"]).optional(),
});

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: npm run eval -- FILE.jsonl\n");
  process.exit(2);
}
const cases = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line, index) => {
    const parsed = caseSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });

const app = await toolApp();
type Score = { ok: number; total: number };
const tally: Record<"intent" | "top1" | "top3" | "section" | "outOfScope", Score> = {
  intent: { ok: 0, total: 0 },
  top1: { ok: 0, total: 0 },
  top3: { ok: 0, total: 0 },
  section: { ok: 0, total: 0 },
  outOfScope: { ok: 0, total: 0 },
};
const failures: string[] = [];
const score = (key: keyof typeof tally, ok: boolean) => {
  tally[key].ok += ok ? 1 : 0;
  tally[key].total += 1;
};
for (const item of cases) {
  const outcome = await ask(app, item.q);
  const problems: string[] = [];
  const intentOk = outcome.intent === item.intent;
  score("intent", intentOk);
  if (!intentOk) problems.push(`intent ${outcome.intent} ≠ ${item.intent}`);
  if (item.codes && item.codes.length > 0) {
    const ranked = [outcome.procedure?.code, ...outcome.candidates.map((candidate) => candidate.code)].filter(
      (code, index, all): code is string => Boolean(code) && all.indexOf(code) === index,
    );
    const top1 = item.codes.includes(ranked[0] ?? "");
    score("top1", top1);
    score("top3", ranked.slice(0, 3).some((code) => item.codes!.includes(code)));
    if (!top1) problems.push(`top1 ${ranked[0] ?? "none"} ∉ ${item.codes.join("|")} (${ranked.slice(0, 3).join(", ")})`);
  }
  if (item.section) {
    const ok = outcome.section === item.section;
    score("section", ok);
    if (!ok) problems.push(`section ${outcome.section ?? "none"} ≠ ${item.section}`);
  }
  if (item.intent === "unknown") {
    const ok = outcome.procedure === null;
    score("outOfScope", ok);
    if (!ok) problems.push(`gave ${outcome.procedure?.code} to an out-of-scope question`);
  }
  if (problems.length > 0) failures.push(`- ${JSON.stringify(item.q)}: ${problems.join("; ")}`);
}
await app.close();

const percent = ({ ok, total }: Score) => (total ? `${((100 * ok) / total).toFixed(1)}% (${ok}/${total})` : "n/a");
process.stdout.write(
  [
    `cases: ${cases.length}`,
    `top-1 procedure: ${percent(tally.top1)}`,
    `top-3 procedure: ${percent(tally.top3)}`,
    `section: ${percent(tally.section)}`,
    `intent: ${percent(tally.intent)}`,
    `out-of-scope without procedure: ${percent(tally.outOfScope)}`,
    `failures: ${failures.length}`,
    ...failures,
  ].join("\n") + "\n",
);
