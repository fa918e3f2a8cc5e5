import type { CliIo } from "../src/util/cli-io.js";
import { ask, outcomeJson, toolApp } from "./shared.js";

/**
 * npm run -s ask -- "text"            prints the reply
 * npm run -s ask -- --json "text"     prints {intent, procedure, section, candidates, receiptCode, reply}
 * npm run -s ask -- --jsonl < file    one message per line, each a fresh chat, one JSON object per line
 *
 * Callable in-process. `lines` gives the messages for --jsonl; it is opened only then, since
 * scripts/ask.ts reads them from stdin, which would otherwise keep the process waiting.
 */
export async function runAskCli(
  argv: string[],
  io: CliIo,
  options: { env?: NodeJS.ProcessEnv; lines?: () => AsyncIterable<string> | Iterable<string> } = {},
): Promise<number> {
  const json = argv.includes("--json");
  const jsonl = argv.includes("--jsonl");
  const text = argv.filter((arg) => !arg.startsWith("--")).join(" ");
  const app = await toolApp(undefined, options.env);
  try {
    if (jsonl) {
      for await (const line of options.lines?.() ?? []) io.out(`${JSON.stringify(outcomeJson(await ask(app, line)))}\n`);
    } else {
      const outcome = outcomeJson(await ask(app, text));
      io.out(json ? `${JSON.stringify(outcome)}\n` : `${outcome.reply}\n`);
    }
  } finally {
    await app.close();
  }
  return 0;
}
