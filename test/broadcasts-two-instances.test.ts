import { afterEach, describe, expect, it, vi } from "vitest";
import { addCampaign, seedSubscribers } from "../scripts/bench/broadcasts.js";
import { CampaignRepository } from "../src/broadcasts/campaigns.js";
import { startSharedInstances, type SharedInstances } from "./helpers/shared-instances.js";

/**
 * Two instances of the bot on one PostgreSQL: one pages a campaign at a time (the
 * "broadcasts" lease); when it stops mid-campaign the other takes the campaign over and
 * finishes it, and every subscriber gets the announcement exactly once.
 */
const SUBSCRIBERS = 200;
let instances: SharedInstances | undefined;

afterEach(async () => {
  await instances?.close();
  instances = undefined;
});

describe("a campaign on two instances sharing PostgreSQL", () => {
  it("is taken over when the sending instance stops, and reaches everyone once", async () => {
    instances = await startSharedInstances({
      env: { TELEGRAM_BROADCAST_PER_SECOND: "50", TELEGRAM_MAX_PER_SECOND: "200", BROADCAST_QUIET_HOURS: "off", BROADCAST_BACKLOG: "20" },
    });
    const { fake, stacks } = instances;
    const records = stacks[0]!.app.records;
    const chats = await seedSubscribers(records, SUBSCRIBERS);
    const id = await addCampaign(records, SUBSCRIBERS);
    await vi.waitFor(() => expect(fake.sentMessages().length).toBeGreaterThanOrEqual(40), { timeout: 10_000, interval: 10 });

    // Exactly one instance pages the campaign: the one holding the lease. Stop it mid-campaign.
    const holder = await records.leases.holder("broadcasts");
    const sending = stacks.find((stack) => holder?.startsWith(stack.app.instanceId));
    expect(sending, `lease holder ${holder}`).toBeDefined();
    await instances.stop(sending!);
    expect(fake.sentPerChat().size).toBeLessThan(SUBSCRIBERS);

    const survivor = stacks[0]!;
    const campaigns = new CampaignRepository(survivor.app.records.database);
    await vi.waitFor(async () => expect((await campaigns.get(id))?.state).toBe("done"), { timeout: 30_000, interval: 50 });
    const counts = fake.sentPerChat();
    expect(chats.filter((chat) => counts.get(chat) !== 1)).toEqual([]);
  }, 60_000);
});
