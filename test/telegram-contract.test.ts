import type { Opts } from "grammy/types";
import { runChannelContract, type ChannelDriver } from "./channel-contract.js";
import { callbackUpdate, textUpdate, type UpdateInput } from "./fakes/telegram-api.js";
import { buttonsOf, startHarness, type Harness, type Mode } from "./telegram-harness.js";

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' };

/** The message as a citizen reads it: HTML markup removed, then the button labels one per line. */
function plainText(message: Opts<"sendMessage">): string {
  const text = message.text.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp|quot);/g, (entity) => ENTITIES[entity] ?? entity);
  return [text, ...buttonsOf(message).map((button) => button.text)].join("\n");
}

/** A private photo message, which the bot cannot read. */
function photoUpdate(userId: number): UpdateInput {
  return {
    message: {
      message_id: 900_000 + userId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Tester" },
      from: { id: userId, is_bot: false, first_name: "Tester" },
      photo: [{ file_id: "photo-1", file_unique_id: "photo-u1", width: 640, height: 480 }],
    },
  };
}

let nextUpdateId = 800_000;

/** Telegram has buttons: picking option N presses the Nth button of the last message that has any. */
function telegramDriver(mode: Mode): ChannelDriver {
  let harness: Harness | undefined;
  const running = (): Harness => {
    if (!harness) throw new Error("telegram driver: start() first");
    return harness;
  };
  return {
    async start() {
      harness = await startHarness({ mode, store: "memory" });
    },
    async send(chatId, text) {
      await running().send(textUpdate(text, { userId: Number(chatId) }));
    },
    async pick(chatId, index) {
      const withButtons = running().sentTo(Number(chatId)).filter((message) => buttonsOf(message).length > 0);
      const button = buttonsOf(withButtons.at(-1))[index - 1];
      if (!button) throw new Error(`telegram driver: chat ${chatId} has no button ${index}`);
      await running().send(callbackUpdate(button.data, { userId: Number(chatId) }));
    },
    async sendUnsupported(chatId) {
      await running().send(photoUpdate(Number(chatId)));
    },
    async sendDuplicate(chatId, text) {
      nextUpdateId += 1;
      const update = { ...textUpdate(text, { userId: Number(chatId) }), update_id: nextUpdateId };
      await running().send(update);
      await running().send(update);
    },
    async replies(chatId, atLeast = 0) {
      return (await running().waitForReplies(Number(chatId), atLeast)).map(plainText);
    },
    async stop() {
      await harness?.close();
    },
  };
}

runChannelContract("telegram (polling)", () => telegramDriver("polling"));
runChannelContract("telegram (webhook)", () => telegramDriver("webhook"));
