import { createInterface } from "node:readline";
import { runAskCli } from "./ask-cli.js";

// The options: scripts/ask-cli.ts.
process.exitCode = await runAskCli(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  { lines: () => createInterface({ input: process.stdin, terminal: false }) },
);
