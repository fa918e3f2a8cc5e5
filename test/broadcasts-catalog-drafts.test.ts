import { afterEach, describe, expect, it } from "vitest";
import { CampaignRepository } from "../src/broadcasts/campaigns.js";
import { proposeCatalogDrafts } from "../src/broadcasts/catalog-drafts.js";
import { BroadcastService } from "../src/broadcasts/service.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import { SubscriberRepository } from "../src/subscriptions/repository.js";
import { testRecords, type TestRecords } from "./helpers/records.js";

/**
 * Start-up drafts: the first start records the catalog; a later start with a new or changed
 * procedure proposes one DRAFT per change (never scheduled) and tells the staff chat; a
 * re-review (only the `reviewed` date) or another start proposes nothing more.
 */
let store: TestRecords | undefined;
afterEach(async () => store?.dispose());

describe("catalog-change drafts", () => {
  it("drafts new and changed procedures once, never sends them", async () => {
    store = await testRecords("sqlite");
    const { records } = store;
    const catalog = await loadCatalog("test/fixtures/catalog");
    const campaigns = new CampaignRepository(records.database);
    const propose = (current: Catalog) =>
      proposeCatalogDrafts({
        catalog: current,
        records,
        service: new BroadcastService({ records, campaigns, audience: new SubscriberRepository(records.database), catalog: current, quiet: null }),
        staffChat: { channel: "telegram", chatId: "900" },
        staffLanguage: "vi",
        giveUpAfterMs: 3_600_000,
      });
    expect(await propose(catalog)).toBe(0);

    const next = structuredClone(catalog);
    const [first, second, ...rest] = next.procedures;
    next.procedures = [{ ...first!, name: `${first!.name} (mới sửa)` }, { ...second!, reviewed: "2030-01-01" }, ...rest];
    const dropped = rest.pop()!;
    expect(await propose({ ...next, procedures: [...next.procedures.slice(0, 2), ...rest] })).toBe(1);
    expect(await propose({ ...next, procedures: [...next.procedures.slice(0, 2), ...rest, dropped] })).toBe(0);

    const added = { ...dropped, id: "new-procedure-x", code: "LOCAL-999", name: "Thủ tục thử mới" };
    const withNew = { ...next, procedures: [...next.procedures.slice(0, 2), ...rest, dropped, added] };
    expect(await propose(withNew)).toBe(1);
    expect(await propose(withNew)).toBe(0);

    const drafts = await campaigns.list();
    expect(drafts.map((campaign) => [campaign.state, campaign.origin, campaign.procedureId])).toEqual([
      ["draft", "catalog", "new-procedure-x"],
      ["draft", "catalog", first!.id],
    ]);
    expect(drafts[0]!.filter.topics).toEqual([added.topic]);
    expect(await records.outbox.countsByChannel("telegram")).toMatchObject({ pending: 2 });
  });
});
