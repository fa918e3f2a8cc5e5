import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addCampaign, seedSubscribers, sendsPerChat } from "../scripts/bench/broadcasts.js";
import { CampaignRepository } from "../src/broadcasts/campaigns.js";
import { startFakeTelegram, type FakeTelegram } from "./fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "./fakes/telegram-stack.js";
import { dropSchema, TEST_DATABASE_URL } from "./helpers/records.js";

/**
 * Two instances of the bot on one PostgreSQL: one pages a campaign at a time (the
 * "broadcasts" lease); when it stops mid-campaign the other takes the campaign over and
 * finishes it, and every subscriber gets the announcement exactly once.
 */
const SUBSCRIBERS = 200;
const stacks: TelegramStack[] = [];
let fake: FakeTelegram | undefined;
let schema: string | undefined;

afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
  await fake?.close();
  if (schema) await dropSchema(schema);
});

describe("a campaign on two instances sharing PostgreSQL", () => {
  it("is taken over when the sending instance stops, and reaches everyone once", async () => {
    fake = await startFakeTelegram();
    schema = `t_${randomBytes(6).toString("hex")}`;
    for (const name of ["a", "b"]) {
      stacks.push(
        await startTelegramStack({
          mode: "webhook",
          fake,
          databaseUrl: TEST_DATABASE_URL,
          databaseSchema: schema,
          instanceId: `instance-${name}`,
          env: { TELEGRAM_BROADCAST_PER_SECOND: "50", TELEGRAM_MAX_PER_SECOND: "200", BROADCAST_QUIET_HOURS: "off", BROADCAST_BACKLOG: "20" },
        }),
      );
    }
    const records = stacks[0]!.app.records;
    const chats = await seedSubscribers(records, SUBSCRIBERS);
    const id = await addCampaign(records, SUBSCRIBERS);
    await vi.waitFor(() => expect(fake!.sentMessages().length).toBeGreaterThanOrEqual(40), { timeout: 10_000, interval: 10 });

    // Exactly one instance pages the campaign: the one holding the lease. Stop it mid-campaign.
    const holder = await records.leases.holder("broadcasts");
    const sending = stacks.find((stack) => holder?.startsWith(stack.app.instanceId));
    expect(sending, `lease holder ${holder}`).toBeDefined();
    stacks.splice(stacks.indexOf(sending!), 1);
    await sending!.close();
    expect(sendsPerChat(fake).size).toBeLessThan(SUBSCRIBERS);

    const survivor = stacks[0]!;
    const campaigns = new CampaignRepository(survivor.app.records.database);
    await vi.waitFor(async () => expect((await campaigns.get(id))?.state).toBe("done"), { timeout: 30_000, interval: 50 });
    const counts = sendsPerChat(fake);
    expect(chats.filter((chat) => counts.get(chat) !== 1)).toEqual([]);
  }, 60_000);
});
