import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { HttpDossierSource } from "../src/dossiers/http-source.js";
import { DossierPoller } from "../src/dossiers/lookup.js";
import { createMemoryStore } from "../src/storage/store.js";
import { replyText, testConfig } from "./helpers/app.js";
import { startFakeOneStop, portalDossier, type FakeOneStop } from "./fakes/one-stop-api.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./helpers/records.js";

const CODE = "G09.20-20260609-0092637";

describe("HTTP dossier source against a fake one-stop server", () => {
  let fake: FakeOneStop;
  beforeEach(async () => {
    fake = await startFakeOneStop();
  });
  afterEach(async () => {
    await fake.close();
  });

  function source(options: Partial<ConstructorParameters<typeof HttpDossierSource>[0]> = {}) {
    return new HttpDossierSource({ urlTemplate: fake.template, authHeader: `Authorization: ${fake.token}`, timeoutMs: 500, cacheMs: 60_000, ...options });
  }

  it("maps the national field names, masks the applicant and drops phone, address and ID", async () => {
    fake.dossiers.set(CODE, portalDossier(CODE, 4));
    const result = await source().fetchDossier(CODE);
    expect(result).toMatchObject({ kind: "found", data: { code: CODE, status: 4, applicant: "Nguyễn V. A.", procedureCode: "1.004873" } });
    expect(JSON.stringify(result)).not.toMatch(/0912345678|Lê Lợi|001203004567|Văn An/);
  });

  it("answers unknown for 404, and for a loose search that returns someone else's dossier", async () => {
    expect(await source().fetchDossier(CODE)).toEqual({ kind: "unknown" });
    fake.dossiers.set("G09.20-20260609-0000001", portalDossier("G09.20-20260609-0000001", 4));
    fake.mode = "loose";
    expect(await source().fetchDossier(CODE)).toEqual({ kind: "unknown" });
  });

  it("reports slow, failing, garbled and unauthorised answers as unavailable", async () => {
    fake.dossiers.set(CODE, portalDossier(CODE, 4));
    fake.mode = "slow";
    expect(await source({ timeoutMs: 200 }).fetchDossier(CODE)).toEqual({ kind: "unavailable", reason: "timeout" });
    fake.mode = "error";
    expect(await source().fetchDossier(CODE)).toEqual({ kind: "unavailable", reason: "status" });
    fake.mode = "garbage";
    expect(await source().fetchDossier(CODE)).toEqual({ kind: "unavailable", reason: "format" });
    fake.mode = "ok";
    expect(await source({ authHeader: "Authorization: Bearer wrong" }).fetchDossier(CODE)).toEqual({ kind: "unavailable", reason: "status" });
    await fake.close();
    expect(await source().fetchDossier(CODE)).toEqual({ kind: "unavailable", reason: "network" });
    fake = await startFakeOneStop();
  });

  it("caches answers briefly; a fresh fetch (the poller) always asks", async () => {
    fake.dossiers.set(CODE, portalDossier(CODE, 4));
    let now = 1_000_000;
    const cached = source({ cacheMs: 30_000, now: () => now });
    await cached.fetchDossier(CODE);
    await cached.fetchDossier(CODE);
    expect(fake.requests).toHaveLength(1);
    await cached.fetchDossier(CODE, { fresh: true });
    expect(fake.requests).toHaveLength(2);
    now += 31_000;
    await cached.fetchDossier(CODE);
    expect(fake.requests).toHaveLength(3);
  });
});

describe.each<RecordsBackend>(["sqlite", "postgres"])("the bot with an HTTP source on %s", (backend) => {
  let fake: FakeOneStop;
  let opened: TestRecords;
  const apps: App[] = [];
  beforeEach(async () => {
    fake = await startFakeOneStop();
    opened = await testRecords(backend);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dossiers.stop();
    await fake.close();
    await opened.dispose();
  });

  async function start(extra: Record<string, unknown> = {}) {
    const records = apps.length === 0 ? opened.records : await opened.reopen();
    const app = await createApp({
      config: {
        ...testConfig,
        DOSSIER_SOURCE: "http",
        DOSSIER_HTTP_URL: fake.template,
        DOSSIER_HTTP_AUTH_HEADER: `Authorization: ${fake.token}`,
        DOSSIER_HTTP_TIMEOUT_MS: 300,
        DOSSIER_HTTP_CACHE_SECONDS: 0,
        INSTANCE_ID: `instance-${apps.length}`,
        ...extra,
      },
      store: createMemoryStore(),
      records,
    });
    apps.push(app);
    return app;
  }

  const say = (app: App, text: string, chatId = "42") => app.core.handle({ channel: "telegram", chatId, userId: chatId, kind: "text", text });

  it("answers from the live system, and says clearly when it is not answering", async () => {
    fake.dossiers.set(CODE, portalDossier(CODE, 2));
    const app = await start();
    const answer = replyText(await say(app, `tra cứu ${CODE}`));
    expect(answer).toContain("Đã tiếp nhận");
    expect(answer).toContain("Dữ liệu lấy từ hệ thống một cửa");
    expect(answer).not.toContain("0912345678");
    fake.mode = "slow";
    const down = replyText(await say(app, CODE));
    expect(down).toContain("không phản hồi");
    expect(down).toContain("gọi Bộ phận Một cửa");
  });

  it("polls followed dossiers under a lease: two instances, one notice per change, none repeated after a restart", async () => {
    fake.dossiers.set(CODE, portalDossier(CODE, 2));
    const first = await start();
    const second = await start();
    await say(first, `theo dõi hồ sơ ${CODE}`);
    fake.dossiers.set(CODE, portalDossier(CODE, 5, { GhiChu: "Bản sao CCCD" }));

    const pollerOf = (app: App, instanceId: string) =>
      new DossierPoller({
        http: new HttpDossierSource({ urlTemplate: fake.template, authHeader: `Authorization: ${fake.token}`, cacheMs: 0 }),
        services: app.dossiers.services,
        leases: opened.records.leases,
        instanceId,
        intervalMs: 60_000,
      });
    const [a, b] = [pollerOf(first, "instance-0"), pollerOf(second, "instance-1")];
    const asked = [await a.round(), await b.round()];
    expect(asked).toEqual([1, 0]);
    // The lease holder polls again (and after a restart, a new poller with the same instance id).
    await a.round();
    await pollerOf(first, "instance-0").round();

    const notices = await opened.records.database.db.selectFrom("outbox").selectAll().where("kind", "=", "notice").execute();
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.body).replies[0].blocks.flatMap((block: { lines: string[] }) => block.lines).join("\n")).toContain("Bản sao CCCD");
    await a.stop();
    await b.stop();
  });

  it("refuses to start without a URL for the HTTP source", async () => {
    await expect(start({ DOSSIER_HTTP_URL: undefined })).rejects.toThrow(/DOSSIER_HTTP_URL/);
  });
});
