import { existsSync } from "node:fs";
import { runDossierCli } from "../src/dossiers/cli.js";

/** npm run dossiers:import | dossiers:status | ratings:export (see src/dossiers/cli.ts). */
// Same settings as the bot: ./.env when present; variables already set win.
if (existsSync(".env")) process.loadEnvFile(".env");
const [command = "", ...args] = process.argv.slice(2);
process.exitCode = await runDossierCli(command, args, {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
});
