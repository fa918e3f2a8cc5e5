import { createInterface } from "node:readline";
import { ask, outcomeJson, toolApp } from "./shared.js";

/**
 * npm run -s ask -- "text"            prints the reply
 * npm run -s ask -- --json "text"     prints {intent, procedure, section, candidates, receiptCode, reply}
 * npm run -s ask -- --jsonl < file    one message per line, each a fresh chat, one JSON object per line
 */
const args = process.argv.slice(2);
const json = args.includes("--json");
const jsonl = args.includes("--jsonl");
const text = args.filter((arg) => !arg.startsWith("--")).join(" ");

const app = await toolApp();
if (jsonl) {
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    process.stdout.write(`${JSON.stringify(outcomeJson(await ask(app, line)))}\n`);
  }
} else {
  const outcome = outcomeJson(await ask(app, text));
  process.stdout.write(json ? `${JSON.stringify(outcome)}\n` : `${outcome.reply}\n`);
}
await app.close();
