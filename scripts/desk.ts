import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ContentError, loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import { ConfigError, loadConfig, type Config } from "../src/config.js";

/**
 * Settings and content for the desk tools (posters, website), which run on a staff member's
 * computer without the bot: ./.env is read like `npm start` does; problems end the tool with
 * a message that says what to fix.
 */
export async function deskSetup(): Promise<{ config: Readonly<Config>; catalog: Catalog }> {
  try {
    if (existsSync(".env")) process.loadEnvFile(".env");
    const config = loadConfig();
    return { config, catalog: await loadCatalog(resolve(config.CONTENT_DIR)) };
  } catch (error) {
    if (error instanceof ContentError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Runs the tool's option parser; a wrong option ends with the usage, --help prints it. */
export function commandLine<T extends { help?: boolean }>(parse: () => T, usage: string): T {
  let values: T;
  try {
    values = parse();
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values;
}
