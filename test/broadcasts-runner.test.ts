import { afterEach, describe, expect, it } from "vitest";
import { announcementBody } from "../src/broadcasts/announcement.js";
import { campaignRef, CampaignRepository } from "../src/broadcasts/campaigns.js";
import { isQuiet, outsideQuiet, parseQuietHours, parseVietnamDateTime } from "../src/broadcasts/quiet-hours.js";
import { CampaignRunner } from "../src/broadcasts/runner.js";
import { vietnamInstantOf } from "../src/calendar/vietnam-time.js";
import type { OutboxEntry } from "../src/records/outbox.js";
import type { Audience, AudienceFilter, Subscriber } from "../src/subscriptions/types.js";
import { testRecords, type TestRecords } from "./helpers/records.js";

/**
 * The campaign runner with a clock in hand and a small in-memory audience: schedules, quiet
 * hours, the bounded backlog, the quota pause, the final report. Sending itself is the outbox
 * sender's (test/broadcasts-campaign.test.ts).
 */

/** The targeting rule of src/subscriptions/types.ts, over an array. */
class MemoryAudience implements Audience {
  constructor(readonly subscribers: Subscriber[]) {}
  private matching(filter: AudienceFilter) {
    const hit = (chosen: string[], wanted: readonly string[]) => wanted.length === 0 || chosen.length === 0 || chosen.some((key) => wanted.includes(key));
    return this.subscribers.filter((s) => hit(s.villages, filter.villages) && hit(s.topics, filter.topics));
  }
  async count(filter: AudienceFilter) {
    return this.matching(filter).length;
  }
  async page(filter: AudienceFilter, afterId: number, limit: number) {
    const rest = this.matching(filter).filter((s) => s.id > afterId);
    const subscribers = rest.slice(0, limit);
    return { subscribers, nextAfterId: rest.length > limit ? subscribers.at(-1)!.id : null };
  }
  async unsubscribeBlocked() {}
}

function audienceOf(count: number): MemoryAudience {
  return new MemoryAudience(
    Array.from({ length: count }, (_, index) => ({
      id: index + 1,
      channel: index % 5 === 4 ? ("zalo" as const) : ("telegram" as const),
      chatId: String(1000 + index),
      language: "vi" as const,
      villages: index % 2 === 0 ? ["thon-a"] : ["thon-b"],
      topics: [],
      subscribedAt: 0,
    })),
  );
}

const at = (day: number, hour: number, minute = 0) => vietnamInstantOf({ year: 2026, month: 12, day, hour, minute })!;

let store: TestRecords | undefined;
afterEach(async () => store?.dispose());

async function setUp(audience: Audience, start: number, options: { backlog?: number; quiet?: string; channels?: string[] } = {}) {
  let now = start;
  store = await testRecords("sqlite", () => now);
  const { records } = store;
  const campaigns = new CampaignRepository(records.database, () => now);
  const handed: OutboxEntry[] = [];
  const runner = new CampaignRunner({
    records,
    campaigns,
    audience,
    render: (campaign, language) => announcementBody(campaign, language, "UBND xã"),
    quiet: parseQuietHours(options.quiet ?? "21:00-07:00") ?? null,
    backlog: options.backlog ?? 1_000,
    pageSize: 7,
    staffChat: { channel: "telegram", chatId: "900" },
    staffLanguage: "vi",
    giveUpAfterMs: 3_600_000,
    now: () => now,
  });
  runner.attach(options.channels ?? ["telegram"], { lease: { owner: "me#1", leaseMs: 60_000 }, handOver: (entries) => handed.push(...entries), poke: () => {}, backlog: 1_000 });
  const scheduled = async (startAt: number, filter: AudienceFilter = { villages: [], topics: [] }) =>
    (await campaigns.create({ state: "scheduled", text: "Họp dân.", filter, origin: "cli", createdBy: { channel: "cli", userId: "t" }, startAt }))!;
  /** Marks what was handed over as sent, as the sender would. */
  const sendAll = async () => {
    await records.outbox.finish(handed.splice(0).map((entry) => ({ id: entry.id, state: "sent" as const })));
  };
  return { records, campaigns, runner, handed, scheduled, sendAll, setNow: (value: number) => (now = value), tick: () => runner.tick("me#1") };
}

describe("quiet hours", () => {
  it("parses windows, crosses midnight, and finds the next instant outside", () => {
    const quiet = parseQuietHours("21:00-07:00")!;
    expect(parseQuietHours("off")).toBeNull();
    expect(parseQuietHours("25:00-07:00")).toBeUndefined();
    expect(isQuiet(quiet, at(1, 20, 59))).toBe(false);
    expect(isQuiet(quiet, at(1, 21))).toBe(true);
    expect(isQuiet(quiet, at(2, 3))).toBe(true);
    expect(isQuiet(quiet, at(2, 7))).toBe(false);
    expect(outsideQuiet(quiet, at(1, 22, 30))).toBe(at(2, 7));
    expect(outsideQuiet(quiet, at(1, 10))).toBe(at(1, 10));
    expect(parseVietnamDateTime("01/12/2026 07:00")).toBe(at(1, 7));
    expect(parseVietnamDateTime("2026-02-30 07:00")).toBeUndefined();
  });
});

describe("the campaign runner", () => {
  it("starts a scheduled campaign when it is due, and not in the quiet hours", async () => {
    const t = await setUp(audienceOf(10), at(1, 8));
    const campaign = await t.scheduled(at(1, 22));
    await t.tick();
    expect((await t.campaigns.get(campaign.id))?.state).toBe("scheduled");
    t.setNow(at(1, 22, 5)); // due, but quiet
    await t.tick();
    expect((await t.campaigns.get(campaign.id))?.state).toBe("scheduled");
    t.setNow(at(2, 7));
    await t.tick();
    expect((await t.campaigns.get(campaign.id))?.state).toBe("running");
    expect(t.handed).toHaveLength(8); // the two Zalo subscribers: no Zalo channel here
  });

  it("stops storing new messages when the quiet hours begin and resumes after", async () => {
    const t = await setUp(audienceOf(30), at(1, 20, 59), { backlog: 5, channels: ["telegram", "zalo"] });
    const campaign = await t.scheduled(at(1, 20, 59));
    await t.tick();
    expect(t.handed).toHaveLength(5);
    await t.sendAll();
    t.setNow(at(1, 21, 1));
    await t.tick();
    expect(t.handed).toHaveLength(0);
    t.setNow(at(2, 7, 1));
    await t.tick();
    expect(t.handed).toHaveLength(5);
    expect((await t.campaigns.get(campaign.id))?.cursor).toBe(10);
  });

  it("keeps a bounded backlog, reaches everyone once, finishes and reports once", async () => {
    const audience = audienceOf(40);
    const t = await setUp(audience, at(1, 9), { backlog: 12, channels: ["telegram", "zalo"] });
    const campaign = await t.scheduled(at(1, 9), { villages: ["thon-a"], topics: [] });
    const expected = await audience.count(campaign.filter);
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      await t.tick();
      expect(t.handed.length).toBeLessThanOrEqual(12);
      for (const entry of t.handed) {
        expect(seen.has(entry.chatId)).toBe(false);
        seen.add(entry.chatId);
      }
      await t.sendAll();
    }
    expect(seen.size).toBe(expected);
    expect((await t.campaigns.get(campaign.id))).toMatchObject({ state: "done", enqueued: expected });
    const report = await t.records.outbox.countsByRef(`${campaignRef(campaign.id)}:staff`);
    expect(report.pending).toBe(1);
    expect(await t.records.outbox.countsByRef(campaignRef(campaign.id))).toMatchObject({ sent: expected, pending: 0 });
  });

  it("a quota answer pauses the running campaign until the quota returns, and tells the staff", async () => {
    const t = await setUp(audienceOf(30), at(1, 9), { backlog: 5, channels: ["telegram", "zalo"] });
    const campaign = await t.scheduled(at(1, 9));
    await t.tick();
    await t.sendAll();
    await t.runner.quotaReached("zalo", at(1, 10), "quota exceeded");
    await t.tick();
    expect(t.handed).toHaveLength(0);
    expect((await t.campaigns.get(campaign.id))?.pauseReason).toContain("zalo");
    expect((await t.records.outbox.countsByRef(`${campaignRef(campaign.id)}:staff`)).pending).toBe(1);
    t.setNow(at(1, 10, 1));
    await t.tick();
    expect(t.handed).toHaveLength(5);
  });

  it("skips chats known to be blocked and counts them", async () => {
    const t = await setUp(audienceOf(5), at(1, 9), { channels: ["telegram", "zalo"] });
    await t.records.chats.markBlocked("telegram", "1001", "403");
    const campaign = await t.scheduled(at(1, 9));
    await t.tick();
    expect(t.handed.map((entry) => entry.chatId)).not.toContain("1001");
    expect((await t.campaigns.get(campaign.id))?.skipped).toBe(1);
  });
});

describe("the staff's target syntax", () => {
  it("reads villages, topics and a procedure, clears with 'tatca', refuses anything else", async () => {
    const { parseTarget } = await import("../src/broadcasts/feature.js");
    expect(parseTarget("thon=thon-a,thon-b chude=land thutuc=1.000894")).toEqual({
      filter: { villages: ["thon-a", "thon-b"], topics: ["land"] },
      procedure: "1.000894",
    });
    expect(parseTarget("thutuc=1.000894")).toEqual({ procedure: "1.000894" });
    expect(parseTarget("tatca")).toEqual({ filter: { villages: [], topics: [] } });
    expect(parseTarget("thon-a")).toBeUndefined();
    expect(parseTarget("")).toBeUndefined();
  });
});
