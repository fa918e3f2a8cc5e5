import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { COMMAND_MENUS } from "../src/channels/telegram/commands.js";
import type { Intent, Language } from "../src/core/types.js";
import { chat, testApp } from "./helpers/app.js";

/**
 * Every command Telegram offers in its menu is one the bot answers for what it says, in both
 * languages: a menu entry that falls through to the generic welcome would mislead residents.
 */
const EXPECTED: Record<string, Intent> = {
  start: "help",
  help: "help",
  lang: "help",
  hoso: "status",
  status: "status",
  hoicanbo: "handoff",
  ask: "handoff",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
};

let app: App;
beforeAll(async () => {
  app = await testApp(undefined, "test/fixtures/catalog");
});
afterAll(() => app.close());

describe.each<Language>(["vi", "en"])("the %s command menu", (language) => {
  it("lists only commands with a known purpose, each answered as that purpose", async () => {
    const commands = COMMAND_MENUS[language].map((entry) => entry.command);
    expect(commands.filter((command) => !(command in EXPECTED))).toEqual([]);
    for (const command of commands) {
      const conversation = chat(app, `menu-${language}-${command}`);
      await conversation.say(`/lang ${language}`);
      const outcome = await conversation.say(`/${command}`);
      expect({ command, intent: outcome.intent }).toEqual({ command, intent: EXPECTED[command] });
    }
  });
});
