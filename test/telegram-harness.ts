/**
 * Runs the real app, the real HTTP server and the real Telegram channel against the fake
 * Telegram Bot API, all on 127.0.0.1, for the end-to-end tests of the Telegram channel.
 */
import type { Opts } from "grammy/types";
import { vi } from "vitest";
import { type UpdateInput } from "./fakes/telegram-api.js";
import { startTelegramStack, type Mode, type TelegramStack, type TelegramStackOptions } from "./fakes/telegram-stack.js";

export type { Mode };

export type HarnessOptions = TelegramStackOptions;

export interface Harness extends TelegramStack {
  mode: Mode;
  /** Delivers an update the way the mode receives it; resolves once it is handed over. */
  send(update: UpdateInput): Promise<void>;
  /** Successful sendMessage payloads to one chat, in order. */
  sentTo(chatId: number): Opts<"sendMessage">[];
  /** Waits until the chat has received at least `count` messages and returns them all. */
  waitForReplies(chatId: number, count: number): Promise<Opts<"sendMessage">[]>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const stack = await startTelegramStack(options);
  const { fake } = stack;
  const sentTo = (chatId: number) => fake.sentMessages().filter((message) => message.chat_id === chatId);
  return {
    ...stack,
    mode: options.mode,
    async send(update) {
      if (options.mode === "polling") {
        fake.pushUpdate(update);
        return;
      }
      const response = await fake.deliverWebhook(update);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
    },
    sentTo,
    waitForReplies: (chatId, count) =>
      vi.waitFor(
        () => {
          const sent = sentTo(chatId);
          if (sent.length < count) throw new Error(`chat ${chatId} has ${sent.length} of ${count} replies`);
          return sent;
        },
        { timeout: 5_000, interval: 10 },
      ),
  };
}

/** Every callback_data of a message's inline keyboard, with its button text. */
export function buttonsOf(message: Opts<"sendMessage"> | undefined): { text: string; data: string }[] {
  const markup = message?.reply_markup;
  if (!markup || !("inline_keyboard" in markup)) return [];
  return markup.inline_keyboard.flat().map((button) => ({
    text: button.text,
    data: "callback_data" in button && button.callback_data !== undefined ? button.callback_data : "",
  }));
}
