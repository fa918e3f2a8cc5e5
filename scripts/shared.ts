import { createApp, type App } from "../src/app.js";
import { ContentError } from "../src/catalog/load.js";
import { loadConfig } from "../src/config.js";
import type { Outcome } from "../src/core/types.js";
import { replyToPlainText } from "../src/core/types.js";
import { createMemoryStore } from "../src/storage/store.js";

/** The app on the configured content (or `contentDir`) with an in-memory store, for one-shot tools. */
export async function toolApp(contentDir?: string, env: NodeJS.ProcessEnv = process.env): Promise<App> {
  try {
    const config = loadConfig(env);
    return await createApp({ config: { ...config, CONTENT_DIR: contentDir ?? config.CONTENT_DIR }, store: createMemoryStore(), records: "memory" });
  } catch (error) {
    if (error instanceof ContentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** The JSON shape other tools rely on (see README, "npm run ask"). */
export function outcomeJson(outcome: Outcome) {
  return {
    intent: outcome.intent,
    procedure: outcome.procedure,
    section: outcome.section,
    candidates: outcome.candidates.slice(0, 5),
    receiptCode: outcome.receiptCode,
    reply: outcome.replies.map((reply) => replyToPlainText(reply)).join("\n\n"),
  };
}

/** The procedure the bot showed, or the first one it offered: what the eval calls top-1. */
export function topCode(outcome: Outcome): string | null {
  return outcome.procedure?.code ?? outcome.candidates[0]?.code ?? null;
}

let chatCounter = 0;

/** Each call is a fresh chat unless a chat id is given. */
export function ask(app: App, text: string, chatId = `cli-${++chatCounter}`): Promise<Outcome> {
  return app.core.handle({ channel: "cli", chatId, userId: chatId, kind: "text", text });
}

// `npm run -s content -- export | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
