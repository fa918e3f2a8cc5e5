import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import type { Incoming, Outcome } from "../../src/core/types.js";
import { createMemoryStore, type KeyValueStore } from "../../src/storage/store.js";

/**
 * Tests run on the small fixture catalog, never on content/: staff edit content/ freely, and the
 * real catalog is judged by content:check and the eval gate instead.
 */
export const TEST_CONTENT_DIR = "test/fixtures/poster-catalog";

export const testConfig = {
  CONTENT_DIR: TEST_CONTENT_DIR,
  DATA_DIR: "data",
  REDIS_URL: undefined,
  SESSION_TTL_HOURS: 24,
  DEFAULT_LANGUAGE: "vi" as const,
};

/** The real app on the fixture catalog (or `contentDir`), with an in-memory store unless one is given. */
export function testApp(store: KeyValueStore = createMemoryStore(), contentDir = TEST_CONTENT_DIR): Promise<App> {
  return createApp({ config: { ...testConfig, CONTENT_DIR: contentDir }, store, records: "memory" });
}

export function tempDir(prefix = "motcua-test-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A conversation in one chat: each `say` is one message, returning the core's outcome. */
export function chat(app: App, chatId = "chat-1") {
  const base = { channel: "console" as const, chatId, userId: chatId };
  return {
    say: (text: string): Promise<Outcome> => app.core.handle({ ...base, kind: "text", text }),
    pick: (choice: string): Promise<Outcome> => app.core.handle({ ...base, kind: "choice", choice }),
    send: (incoming: Partial<Incoming>): Promise<Outcome> => app.core.handle({ ...base, kind: "text", ...incoming }),
  };
}

export function replyText(outcome: Outcome): string {
  return outcome.replies
    .flatMap((reply) => [...reply.blocks.flatMap((block) => [block.title ?? "", ...block.lines]), ...(reply.choices ?? []).map((choice) => choice.label)])
    .join("\n");
}
