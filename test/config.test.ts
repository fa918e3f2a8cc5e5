import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../src/config.js";

describe("configuration", () => {
  it("uses defaults and treats empty variables (as in .env.example) as unset", () => {
    const config = loadConfig({ LOG_LEVEL: "", PORT: "", DEFAULT_LANGUAGE: " ", REDIS_URL: "", TELEGRAM_BOT_TOKEN: "" });
    expect(config).toMatchObject({ PORT: 8080, DEFAULT_LANGUAGE: "vi", CONTENT_DIR: "content", DATA_DIR: "data" });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it("rejects bad values with a message naming the variable", () => {
    const bad = { ZALO_WEBHOOK_SECRET: "short", TELEGRAM_BOT_TOKEN: "not a token", PORT: "99999", REDIS_URL: "http://x" };
    try {
      loadConfig(bad);
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).message;
      for (const name of Object.keys(bad)) expect(text).toContain(name);
    }
  });

  it("paces each channel by default below the platform's limits, overall and per chat", () => {
    expect(loadConfig({})).toMatchObject({
      TELEGRAM_MAX_PER_SECOND: 30,
      TELEGRAM_BROADCAST_PER_SECOND: 25,
      TELEGRAM_CHAT_INTERVAL_MS: 1_000,
      ZALO_BROADCAST_PER_SECOND: 5,
      ZALO_CHAT_INTERVAL_MS: 1_000,
      TELEGRAM_PAID_BROADCAST: false,
    });
    // Paid broadcasts go up to 1,000 a second; 0 turns per-chat pacing off.
    const paid = loadConfig({ TELEGRAM_PAID_BROADCAST: "true", TELEGRAM_MAX_PER_SECOND: "1000", TELEGRAM_BROADCAST_PER_SECOND: "1000", TELEGRAM_CHAT_INTERVAL_MS: "0", ZALO_CHAT_INTERVAL_MS: "0" });
    expect(paid).toMatchObject({ TELEGRAM_PAID_BROADCAST: true, TELEGRAM_BROADCAST_PER_SECOND: 1_000, TELEGRAM_CHAT_INTERVAL_MS: 0, ZALO_CHAT_INTERVAL_MS: 0 });
    for (const bad of [{ TELEGRAM_BROADCAST_PER_SECOND: "1001" }, { TELEGRAM_CHAT_INTERVAL_MS: "-1" }, { ZALO_CHAT_INTERVAL_MS: "0.5" }, { ZALO_CHAT_INTERVAL_MS: "soon" }, { TELEGRAM_PAID_BROADCAST: "maybe" }]) {
      expect(() => loadConfig(bad)).toThrow(Object.keys(bad)[0]);
    }
  });

  it("describes itself without secrets", () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: "123:secret-token", ZALO_WEBHOOK_SECRET: "very-secret-value" });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain("secret-token");
    expect(described).not.toContain("very-secret-value");
    expect(described).toContain('"telegram":true');
  });
});
