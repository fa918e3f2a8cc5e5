import { runContentCli } from "./content-cli.js";
import "./shared.js";

// The commands and their options: scripts/content-cli.ts.
process.exitCode = await runContentCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
