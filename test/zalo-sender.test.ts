import { describe, expect, it } from "vitest";
import type { SendMessageParams } from "../src/channels/zalo/api.js";
import { ZaloApiError, ZaloNetworkError, ZaloQuotaError } from "../src/channels/zalo/errors.js";
import { sendTexts, type ZaloSenderOptions } from "../src/channels/zalo/sender.js";
import { Metrics } from "../src/http/metrics.js";

/** A sendMessage double that records calls and fails the ones `fail` picks. */
function setup(fail: (params: SendMessageParams, call: number) => Error | undefined = () => undefined, parseMode?: "markdown") {
  const calls: SendMessageParams[] = [];
  const logs: { level: string; message?: string }[] = [];
  const metrics = new Metrics();
  const options: ZaloSenderOptions = {
    api: {
      async sendMessage(params) {
        calls.push(params);
        const error = fail(params, calls.length);
        if (error) throw error;
        return { message_id: String(calls.length), date: Date.now() };
      },
    },
    logger: {
      warn: (_object, message) => void logs.push({ level: "warn", message }),
      error: (_object, message) => void logs.push({ level: "error", message }),
    },
    metrics,
    parseMode,
  };
  const errors = async (kind: string) =>
    (await metrics.errors.get()).values.find((value) => value.labels.kind === kind)?.value ?? 0;
  return { calls, logs, options, errors };
}

const long = `${"A".repeat(1500)}\n\n${"B".repeat(1500)}`;

describe("sendTexts", () => {
  it("sends each text in order, split to the limit, as plain text", async () => {
    const { calls, options } = setup();
    expect(await sendTexts(options, "c1", ["một", long])).toBe("sent");
    expect(calls.map((call) => call.text.slice(0, 3))).toEqual(["một", "AAA", "BBB"]);
    expect(calls.every((call) => call.chat_id === "c1" && call.parse_mode === undefined)).toBe(true);
  });

  it("stops the answer on quota exhaustion, counts it and never throws", async () => {
    const { calls, options, errors, logs } = setup((_params, call) =>
      call === 2 ? new ZaloQuotaError("sendMessage", 429, "Quota exceeded") : undefined,
    );
    expect(await sendTexts(options, "c1", [long, "sau"])).toBe("quota");
    expect(calls).toHaveLength(2);
    expect(await errors("quota")).toBe(1);
    expect(logs).toEqual([{ level: "warn", message: expect.stringMatching(/quota/) }]);
  });

  it("stops the answer on any other failure, counted as a send error", async () => {
    const { calls, options, errors } = setup(() => new ZaloNetworkError({ method: "sendMessage", transient: true, detail: "down" }));
    expect(await sendTexts(options, "c1", ["một", "hai"])).toBe("failed");
    expect(calls).toHaveLength(1);
    expect(await errors("send")).toBe(1);
  });

  it("resends refused markdown as plain text", async () => {
    const { calls, options } = setup(
      (params) => (params.parse_mode ? new ZaloApiError("sendMessage", 400, "Bad Request: can't parse entities") : undefined),
      "markdown",
    );
    expect(await sendTexts(options, "c1", ["Phí {miễn}"])).toBe("sent");
    expect(calls).toEqual([
      { chat_id: "c1", text: "Phí {miễn}", parse_mode: "markdown" },
      { chat_id: "c1", text: "Phí {miễn}" },
    ]);
  });

  it("does not resend plain when markdown failed for another reason", async () => {
    const { calls, options } = setup(() => new ZaloQuotaError("sendMessage", 429, "Quota exceeded"), "markdown");
    expect(await sendTexts(options, "c1", ["x"])).toBe("quota");
    expect(calls).toHaveLength(1);
  });

  it("sends nothing for blank texts", async () => {
    const { calls, options } = setup();
    expect(await sendTexts(options, "c1", ["", "  "])).toBe("sent");
    expect(calls).toEqual([]);
  });
});
