import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CampaignRepository } from "../src/broadcasts/campaigns.js";
import { runBroadcastCli } from "../src/broadcasts/cli.js";
import { vietnamInstantOf } from "../src/calendar/vietnam-time.js";
import { createRecords } from "../src/records/index.js";
import { SubscriberRepository } from "../src/subscriptions/repository.js";
import { tempDir } from "./helpers/app.js";
import { captureIo } from "./helpers/cli-io.js";

/**
 * `npm run broadcast` in-process, on a SQLite store as the bot would use it: it stores a
 * confirmed campaign for the running bot to send, never sends itself, and running the same
 * command twice stores one campaign.
 */
const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

async function setUp() {
  const dir = tempDir("motcua-broadcast-cli-");
  dirs.push(dir);
  const env = { DATA_DIR: dir.path, CONTENT_DIR: "test/fixtures/catalog", BROADCAST_QUIET_HOURS: "21:00-07:00" } as NodeJS.ProcessEnv;
  const records = await createRecords({ dataDir: dir.path });
  const subscribers = new SubscriberRepository(records.database);
  for (const chat of ["1", "2", "3"]) await subscribers.subscribe({ channel: "telegram", chatId: chat, userId: chat, language: "vi" });
  await subscribers.setTopics("telegram", "3", ["land"]);
  const file = join(dir.path, "note.md");
  writeFileSync(file, "Từ 01/12 nhận hồ sơ hộ tịch cả sáng thứ Bảy.\n");
  const { io, out, err } = captureIo();
  return { env, records, file, out, err, io, campaigns: new CampaignRepository(records.database) };
}

describe("npm run broadcast", () => {
  it("stores a scheduled campaign once, moved out of the quiet hours", async () => {
    const t = await setUp();
    try {
      const args = ["--file", t.file, "--topic", "civil-status", "--at", "2026-12-01 05:30"];
      expect(await runBroadcastCli(args, t.io, t.env)).toBe(0);
      expect(await runBroadcastCli(args, t.io, t.env)).toBe(0);
      const stored = await t.campaigns.list();
      expect(stored).toHaveLength(1);
      // Topic ho-tich: subscribers with no topic (1, 2), not the one who chose land only.
      expect(stored[0]).toMatchObject({ state: "scheduled", origin: "cli", expected: 2, filter: { villages: [], topics: ["civil-status"] } });
      expect(stored[0]!.startAt).toBe(vietnamInstantOf({ year: 2026, month: 12, day: 1, hour: 7, minute: 0 }));
      expect(t.out()).toContain("Already stored as campaign");
      expect((await t.records.audit.recent()).map((entry) => [entry.channel, entry.action])).toEqual([
        ["cli", "broadcast.send"],
        ["cli", "broadcast.draft"],
      ]);
    } finally {
      await t.records.close();
    }
  });

  it("--dry-run shows the announcement and the count, and stores nothing", async () => {
    const t = await setUp();
    try {
      expect(await runBroadcastCli(["--file", t.file, "--dry-run"], t.io, t.env)).toBe(0);
      expect(t.out()).toContain("would go to 3 subscribers");
      expect(t.out()).toContain("hộ tịch cả sáng thứ Bảy");
      expect(await t.campaigns.list()).toEqual([]);
    } finally {
      await t.records.close();
    }
  });

  it("refuses bad input with a clear message", async () => {
    const t = await setUp();
    try {
      expect(await runBroadcastCli(["--file", t.file, "--at", "tomorrow"], t.io, t.env)).toBe(2);
      expect(await runBroadcastCli(["--file", t.file, "--topic", "nonsense"], t.io, t.env)).toBe(2);
      expect(await runBroadcastCli(["--file", t.file, "--area", "thon-99", "--dry-run"], t.io, t.env)).toBe(2);
      expect(await runBroadcastCli(["--file", join(t.file, "missing")], t.io, t.env)).toBe(2);
      expect(t.err()).toMatch(/not a time[\s\S]*unknown topic: nonsense[\s\S]*unknown village: thon-99[\s\S]*cannot read/);
      expect(await t.campaigns.list()).toEqual([]);
    } finally {
      await t.records.close();
    }
  });
});
