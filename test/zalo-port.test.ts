import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { SendMessageParams } from "../src/channels/zalo/api.js";
import { ZaloApiError, ZaloNetworkError, ZaloQuotaError } from "../src/channels/zalo/errors.js";
import { ZaloPort } from "../src/channels/zalo/port.js";
import type { Reply } from "../src/core/types.js";

/** A sendMessage double that records calls and fails the ones `fail` picks. */
function setup(fail: (params: SendMessageParams, call: number) => Error | undefined = () => undefined, parseMode?: "markdown") {
  const calls: SendMessageParams[] = [];
  const api = {
    async sendMessage(params: SendMessageParams) {
      calls.push(params);
      const error = fail(params, calls.length);
      if (error) throw error;
      return { message_id: `m${calls.length}`, date: Date.now() };
    },
    async sendChatAction() {},
  };
  const port = new ZaloPort(api, async () => ({ name: "motcua_bot" }), pino({ level: "silent" }), parseMode);
  return { calls, port };
}

const text = (line: string): Reply => ({ blocks: [{ lines: [line] }] });
const long = text(`${"A".repeat(1500)}\n\n${"B".repeat(1500)}`);
const envelope = (replies: Reply[], startAtPart = 0) => ({ chatId: "c1", address: {}, body: { replies, language: "vi" as const }, startAtPart });

describe("Zalo send", () => {
  it("sends each reply in order, split to the limit, as plain text, and reports the message ids", async () => {
    const { calls, port } = setup();
    expect(await port.send(envelope([text("một"), long]))).toEqual({ status: "sent", messageIds: ["m1", "m2", "m3"] });
    expect(calls.map((call) => call.text.slice(0, 3))).toEqual(["một", "AAA", "BBB"]);
    expect(calls.every((call) => call.chat_id === "c1" && call.parse_mode === undefined)).toBe(true);
  });

  it("resumes after the parts an earlier attempt delivered", async () => {
    const { calls, port } = setup();
    expect((await port.send(envelope([text("một"), long], 2))).status).toBe("sent");
    expect(calls.map((call) => call.text.slice(0, 3))).toEqual(["BBB"]);
  });

  it("reports a quota answer with how far it got, without sending the rest", async () => {
    const { calls, port } = setup((_params, call) => (call === 2 ? new ZaloQuotaError("sendMessage", 429, "Quota exceeded") : undefined));
    expect(await port.send(envelope([long, text("sau")]))).toMatchObject({ status: "quota", partsSent: 1 });
    expect(calls).toHaveLength(2);
  });

  it("reports network trouble as a transient failure and a refusal as a permanent one", async () => {
    const down = setup(() => new ZaloNetworkError({ method: "sendMessage", transient: true, detail: "down" }));
    expect(await down.port.send(envelope([text("một"), text("hai")]))).toMatchObject({ status: "failed", transient: true, partsSent: 0 });
    expect(down.calls).toHaveLength(1);
    const refused = setup(() => new ZaloApiError("sendMessage", 400, "Bad Request: chat_id is invalid"));
    expect(await refused.port.send(envelope([text("một")]))).toMatchObject({ status: "failed", transient: false });
  });

  it("reads 403 as a chat that cannot be messaged", async () => {
    const { port } = setup(() => new ZaloApiError("sendMessage", 403, "Forbidden"));
    expect(await port.send(envelope([text("một")]))).toMatchObject({ status: "blocked", reason: "Forbidden" });
  });

  it("resends refused markdown as plain text", async () => {
    const { calls, port } = setup(
      (params) => (params.parse_mode ? new ZaloApiError("sendMessage", 400, "Bad Request: can't parse entities") : undefined),
      "markdown",
    );
    expect((await port.send(envelope([text("Phí {miễn}")]))).status).toBe("sent");
    expect(calls).toEqual([
      { chat_id: "c1", text: "Phí {miễn}", parse_mode: "markdown" },
      { chat_id: "c1", text: "Phí {miễn}" },
    ]);
  });

  it("does not resend plain when markdown failed for another reason", async () => {
    const { calls, port } = setup(() => new ZaloQuotaError("sendMessage", 429, "Quota exceeded"), "markdown");
    expect((await port.send(envelope([text("x")]))).status).toBe("quota");
    expect(calls).toHaveLength(1);
  });

  it("sends nothing for blank replies", async () => {
    const { calls, port } = setup();
    expect(await port.send(envelope([text(""), text("  ")]))).toEqual({ status: "sent", messageIds: [] });
    expect(calls).toEqual([]);
  });
});
