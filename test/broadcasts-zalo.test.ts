import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp, type App } from "../src/app.js";
import { campaignRef } from "../src/broadcasts/campaigns.js";
import { createMemoryStore } from "../src/storage/store.js";
import { testConfig } from "./helpers/app.js";
import { startZaloHarness, type ZaloHarness } from "./zalo-harness.js";

/**
 * A campaign on Zalo when the bot's message quota runs out: the campaign pauses (no retries
 * burnt against the quota), the staff get a notice, and when the pause ends it carries on and
 * every subscriber gets the announcement once.
 */
let harness: ZaloHarness | undefined;
let app: App | undefined;
afterEach(async () => {
  await harness?.close();
  await app?.close();
  harness = app = undefined;
});

describe("a campaign on Zalo", () => {
  it("pauses on a quota error, tells the staff, and resumes afterwards", async () => {
    app = await createApp({ config: { ...testConfig, BROADCAST_QUIET_HOURS: "off" }, store: createMemoryStore(), records: "memory" });
    harness = await startZaloHarness({
      mode: "polling",
      app,
      env: { ZALO_BROADCAST_PER_SECOND: "100" },
      pipeline: { sender: { pollMs: 20, quotaPauseMs: 1_500, retry: { baseMs: 20, maxMs: 40 } } },
    });
    const chats = ["z1", "z2", "z3", "z4", "z5", "z6"];
    for (const chatId of chats) await app.subscribers.subscribe({ channel: "zalo", chatId, userId: chatId, language: "vi" });
    harness.fake.setQuota(3);
    const actor = { channel: "telegram", userId: "900" };
    const service = app.broadcasts.service;
    const campaign = (await service.draft(actor, { text: "Lịch tiêm chủng tháng 12." }, "chat", { channel: "telegram", chatId: "900" }))!;
    await service.send(actor, campaign.id);

    await vi.waitFor(async () => expect((await app!.broadcasts.campaigns.get(campaign.id))?.pauseReason).toContain("zalo"), { timeout: 5_000, interval: 20 });
    const attemptsAtPause = harness.fake.sentMessages().length;
    expect(attemptsAtPause).toBe(3);
    expect((await app.records.outbox.countsByRef(`${campaignRef(campaign.id)}:staff`)).pending).toBe(1);

    harness.fake.setQuota(null);
    await vi.waitFor(async () => expect((await app!.broadcasts.campaigns.get(campaign.id))?.state).toBe("done"), { timeout: 10_000, interval: 50 });
    for (const chatId of chats) expect(harness.texts(chatId).filter((text) => text.includes("tiêm chủng"))).toHaveLength(1);
    expect(await app.records.outbox.countsByRef(campaignRef(campaign.id))).toMatchObject({ sent: 6, failed: 0, pending: 0 });
  });
});
