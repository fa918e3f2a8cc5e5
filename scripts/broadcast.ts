import { existsSync } from "node:fs";
import { runBroadcastCli } from "../src/broadcasts/cli.js";

// Settings may live in ./.env like the bot's (see .env.example); the environment wins.
if (existsSync(".env")) process.loadEnvFile(".env");
process.exitCode = await runBroadcastCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
