/**
 * The channel contract: what a citizen sees must not depend on the messenger. Every adapter
 * runs these cases through a small driver (the keyv test-suite idea), so Telegram with buttons
 * and Zalo with numbered lists are held to the same conversations.
 *
 * Expectations come from a reference core on the same content, never from hard-coded names,
 * so editing the catalog does not break the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { messagesFor } from "../src/core/messages/index.js";
import type { Outcome } from "../src/core/types.js";
import { chat, testApp } from "./helpers/app.js";

/** Drives one channel adapter against its fake messenger API. */
export interface ChannelDriver {
  /** Start the fake API, the app and the channel. */
  start(): Promise<void>;
  /** A private text message from `chatId` (the sender is the chat's owner). */
  send(chatId: string, text: string): Promise<void>;
  /** Pick option `index` (1-based) of the last choice list: a button press on Telegram, "N" typed on Zalo. */
  pick(chatId: string, index: number): Promise<void>;
  /** A message the bot cannot read (a photo or sticker). */
  sendUnsupported(chatId: string): Promise<void>;
  /** One text message delivered twice, as messengers do when they retry. */
  sendDuplicate(chatId: string, text: string): Promise<void>;
  /**
   * Plain texts of the bot's messages to `chatId` so far, in order: markup removed, and the
   * labels of any buttons appended one per line. Waits until there are at least `atLeast`,
   * and rejects (naming what did arrive) if they do not come within a few seconds.
   */
  replies(chatId: string, atLeast?: number): Promise<string[]>;
  /** Stop everything started by `start`. */
  stop(): Promise<void>;
}

const vi = messagesFor("vi");

/** Queries whose answers the contract relies on; the reference core says what they mean. */
const QUERIES = {
  greeting: "xin chào",
  card: "đăng ký khai sinh",
  ambiguous: "chứng thực",
  cardForFollowUp: "làm giấy khai sinh cho con",
  followUp: "còn lệ phí?",
  marker: "chứng thực",
} as const;

/**
 * The first reply at index ≥ `after` that satisfies `predicate`. Channels may split one answer
 * into several messages, so the contract looks for the message it needs rather than counting.
 */
async function replyAfter(
  driver: ChannelDriver,
  chatId: string,
  after: number,
  predicate: (text: string) => boolean,
): Promise<{ text: string; index: number }> {
  for (let count = after + 1; ; ) {
    const texts = await driver.replies(chatId, count);
    const index = texts.findIndex((text, position) => position >= after && predicate(text));
    const text = texts[index];
    if (text !== undefined) return { text, index };
    count = texts.length + 1;
  }
}

function procedureOf(outcome: Outcome): { name: string; code: string } {
  if (!outcome.procedure) throw new Error("contract setup: the reference core matched no procedure");
  return outcome.procedure;
}

/** Registers the contract cases for one adapter. Chat ids are numeric strings so every messenger accepts them. */
export function runChannelContract(name: string, makeDriver: () => ChannelDriver | Promise<ChannelDriver>): void {
  describe(`channel contract: ${name}`, () => {
    let driver: ChannelDriver;
    let reference: App;

    beforeAll(async () => {
      reference = await testApp();
      driver = await makeDriver();
      await driver.start();
    });

    afterAll(async () => {
      await driver?.stop();
      await reference?.close();
    });

    it("answers a greeting with the welcome and the topics", async () => {
      const welcome = (await chat(reference, "ref-greeting").say(QUERIES.greeting)).replies[0];
      await driver.send("7001", QUERIES.greeting);
      const { text } = await replyAfter(driver, "7001", 0, (reply) => reply.includes(vi.welcomeTitle(reference.catalog.office.name)));
      for (const choice of welcome?.choices ?? []) expect(text).toContain(choice.label);
      expect(welcome?.choices?.length).toBeGreaterThan(1);
    });

    it("answers a query with a card naming the procedure and its code", async () => {
      const procedure = procedureOf(await chat(reference, "ref-card").say(QUERIES.card));
      await driver.send("7002", QUERIES.card);
      const { text } = await replyAfter(driver, "7002", 0, (reply) => reply.includes(procedure.name));
      expect(text).toContain(procedure.code);
    });

    it("offers choices for an ambiguous query, and picking one shows its card", async () => {
      const conversation = chat(reference, "ref-ambiguous");
      const choices = (await conversation.say(QUERIES.ambiguous)).replies.at(-1)?.choices ?? [];
      expect(choices.length).toBeGreaterThan(1);
      const picked = procedureOf(await conversation.say("1"));
      await driver.send("7003", QUERIES.ambiguous);
      const list = await replyAfter(driver, "7003", 0, (reply) => choices.every((choice) => reply.includes(choice.label)));
      await driver.pick("7003", 1);
      const card = await replyAfter(driver, "7003", list.index + 1, (reply) => reply.includes(picked.code));
      expect(card.text).toContain(picked.name);
    });

    it("answers a follow-up with that section of the procedure shown last", async () => {
      const conversation = chat(reference, "ref-follow-up");
      const procedure = procedureOf(await conversation.say(QUERIES.cardForFollowUp));
      const followUp = await conversation.say(QUERIES.followUp);
      expect(followUp.section).toBe("fees");
      await driver.send("7004", QUERIES.cardForFollowUp);
      const card = await replyAfter(driver, "7004", 0, (reply) => reply.includes(procedure.code));
      await driver.send("7004", QUERIES.followUp);
      const section = await replyAfter(
        driver,
        "7004",
        card.index + 1,
        (reply) => reply.startsWith(procedure.name) && reply.includes(vi.sectionTitles.fees),
      );
      expect(section.text).not.toContain(vi.sectionTitles.documents);
    });

    it("answers a message it cannot read with a short polite text", async () => {
      await driver.sendUnsupported("7005");
      const [reply] = await driver.replies("7005", 1);
      expect(reply).toContain(vi.unsupported);
    });

    it("handles a duplicate delivery once", async () => {
      const title = vi.welcomeTitle(reference.catalog.office.name);
      await driver.sendDuplicate("7006", QUERIES.greeting);
      // Messages of one chat are handled in order, so once the marker is answered a repeated
      // greeting would have been answered too.
      await driver.send("7006", QUERIES.marker);
      await replyAfter(driver, "7006", 0, (reply) => reply.includes(vi.choosePrompt));
      const texts = await driver.replies("7006");
      expect(texts.filter((reply) => reply.includes(title))).toHaveLength(1);
    });
  });
}
