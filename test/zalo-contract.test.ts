import { runChannelContract, type ChannelDriver } from "./channel-contract.js";
import { eventUpdate, startZaloHarness, textUpdate, type ZaloHarness, type ZaloMode } from "./zalo-harness.js";

/** Zalo has no buttons: picking option N means typing "N", as a citizen would. */
function zaloDriver(mode: ZaloMode): ChannelDriver {
  let harness: ZaloHarness | undefined;
  const running = (): ZaloHarness => {
    if (!harness) throw new Error("zalo driver: start() first");
    return harness;
  };
  return {
    async start() {
      harness = await startZaloHarness({ mode });
    },
    async send(chatId, text) {
      await running().say(chatId, text);
    },
    async pick(chatId, index) {
      await running().say(chatId, String(index));
    },
    async sendUnsupported(chatId) {
      await running().deliver(eventUpdate("message.image.received", chatId, { photo_url: "https://example.org/a.jpg" }));
    },
    async sendDuplicate(chatId, text) {
      const update = textUpdate(chatId, text);
      await running().deliver(update);
      await running().deliver(update);
    },
    replies: (chatId, atLeast = 0) => running().waitForTexts(chatId, atLeast),
    async stop() {
      await harness?.close();
    },
  };
}

runChannelContract("zalo (polling)", () => zaloDriver("polling"));
runChannelContract("zalo (webhook)", () => zaloDriver("webhook"));
