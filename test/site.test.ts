import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { emptyLexicon } from "../src/analysis/lexicon.js";
import { buildSearchIndex } from "../src/catalog/build-search-index.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import { vietnameseDate } from "../src/publish/vietnamese-date.js";
import { buildSite, SiteError } from "../src/site/build-site.js";
import { siteSearch } from "../src/site/client/site-search.js";
import { createMemoryStore } from "../src/storage/store.js";
import { chat, tempDir, testApp } from "./helpers/app.js";
import { FIXTURE_CATALOG, FIXTURE_LINKS as links, FIXTURE_TELEGRAM as TELEGRAM, FIXTURE_ZALO as ZALO } from "./helpers/fixture-catalog.js";
import { shippedSearchData } from "./helpers/site-data.js";


let catalog: Catalog;
let app: App;
let out: { path: string; remove: () => void };

beforeAll(async () => {
  catalog = await loadCatalog(FIXTURE_CATALOG);
  app = await testApp(createMemoryStore(), FIXTURE_CATALOG);
  out = tempDir("motcua-site-");
  await buildSite({ catalog, links, outDir: out.path });
}, 60_000);

afterAll(async () => {
  await app.close();
  out.remove();
});

const read = (name: string) => readFileSync(join(out.path, name), "utf8");

const shippedData = () => shippedSearchData(out.path);

describe("npm run site", () => {
  it("writes an index, a page per procedure, the style sheet and the search script with its data", () => {
    expect(readdirSync(out.path).sort()).toEqual([".motcua-site", "assets", "index.html", "thu-tuc"]);
    expect(readdirSync(join(out.path, "thu-tuc")).sort()).toEqual(catalog.procedures.map((procedure) => `${procedure.id}.html`).sort());
    expect(readdirSync(join(out.path, "assets")).sort()).toEqual(["search-data.js", "search.js", "style.css"]);
  });

  it("each page has the card's facts, the short code, links to the bot on both messengers and the review date", () => {
    for (const procedure of catalog.procedures) {
      const page = read(`thu-tuc/${procedure.id}.html`);
      expect(page).toContain('<html lang="vi">');
      expect(page).toContain(`<h1>${procedure.name}</h1>`);
      expect(page).toContain(`href="https://t.me/${TELEGRAM}?start=${procedure.id}"`);
      expect(page).toContain(`href="${ZALO}"`);
      expect(page).toContain(`<span class="code">${catalog.shortCodes.labelOf(procedure.id)}</span>`);
      expect(page).toContain(`<time datetime="${procedure.reviewed}">${vietnameseDate(procedure.reviewed)}</time>`);
      for (const title of ["Giấy tờ cần chuẩn bị", "Lệ phí", "Thời gian giải quyết", "Các bước thực hiện", "Nơi nộp hồ sơ và nhận kết quả", "Căn cứ pháp lý"]) {
        expect(page, `${procedure.id}: ${title}`).toContain(`<h2>${title}</h2>`);
      }
      expect(page).toContain(catalog.office.phone);
      expect(page).toContain('role="img" aria-label="Mã QR mở thủ tục này trên Telegram"');
    }
  });

  it("says on the page what the bot says: same fee wording, provincial amount and cautions", async () => {
    const page = read("thu-tuc/dang-ky-khai-sinh.html");
    const card = (await chat(app).say("TT 1")).replies[0]!.blocks;
    const fees = card.find((block) => block.title === "Lệ phí")!;
    for (const line of fees.lines) expect(page).toContain(line.replace(/^• /, ""));
    expect(page).toContain("Lưu ý: một số thông tin chưa được xác minh");
    expect(page).toContain("dữ liệu mẫu");
  });

  it("the index lists every procedure by field, with its short code, linking to its page", () => {
    const index = read("index.html");
    const fields = ["Hộ tịch", "Chứng thực", "Hộ kinh doanh"];
    const positions = fields.map((field) => index.indexOf(`>${field}</h2>`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const procedure of catalog.procedures) {
      expect(index).toContain(`<a href="thu-tuc/${procedure.id}.html">${procedure.name}</a>`);
      expect(index).toContain(`${catalog.shortCodes.labelOf(procedure.id)} · Mã thủ tục ${procedure.code}`);
    }
    expect(index).toContain('<label for="q">Tìm thủ tục</label>');
    expect(index).toContain(`href="https://t.me/${TELEGRAM}"`);
  });

  it("every link inside the site leads to a file that exists", () => {
    const pages = ["index.html", ...catalog.procedures.map((procedure) => `thu-tuc/${procedure.id}.html`)];
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/(?:href|src)="([^"]+)"/g)) {
        if (/^(?:https:|data:|#)/.test(target!)) continue;
        const file = resolve(dirname(join(out.path, page)), target!.split(/[?#]/)[0]!);
        expect(existsSync(file), `${page} → ${target}`).toBe(true);
      }
    }
  });

  it("loads nothing from elsewhere: no remote script, style, font or image, and a policy that forbids them", () => {
    for (const page of ["index.html", "thu-tuc/dang-ky-khai-sinh.html"]) {
      const text = read(page);
      const loaded = [...text.matchAll(/<(?:script|link|img|iframe)\b[^>]*(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(loaded.length).toBeGreaterThan(0);
      for (const url of loaded) expect(url, `${page} loads ${url}`).toMatch(/^(?:\.\.\/)?assets\/|^data:/);
      expect(text).toContain("default-src 'none'; script-src 'self'; style-src 'self'");
    }
    expect(read("assets/style.css")).not.toMatch(/@import|url\(|@font-face/);
    expect(read("assets/search.js")).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("escapes content: markup in a procedure's text is shown, never run", async () => {
    const dir = tempDir("motcua-site-");
    const hostile = {
      ...catalog,
      procedures: catalog.procedures.map((procedure, index) =>
        index === 0 ? { ...procedure, name: `${procedure.name} <script>alert(1)</script>`, audience: 'Ai "đó" <img src=x onerror=alert(1)>' } : procedure,
      ),
    };
    await buildSite({ catalog: hostile, links, outDir: dir.path });
    const page = readFileSync(join(dir.path, "thu-tuc", `${catalog.procedures[0]!.id}.html`), "utf8");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    dir.remove();
  });

  it("rebuilds over its own output, dropping pages of removed procedures, but never empties another folder", async () => {
    const dir = tempDir("motcua-site-");
    await buildSite({ catalog, links, outDir: dir.path });
    await buildSite({ catalog: { ...catalog, procedures: catalog.procedures.slice(1) }, links, outDir: dir.path });
    expect(existsSync(join(dir.path, "thu-tuc", `${catalog.procedures[0]!.id}.html`))).toBe(false);
    expect(existsSync(join(dir.path, "thu-tuc", `${catalog.procedures[1]!.id}.html`))).toBe(true);
    const other = tempDir("motcua-other-");
    writeFileSync(join(other.path, "keep.txt"), "mine");
    const refused = await buildSite({ catalog, links, outDir: other.path }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SiteError);
    expect((refused as Error).message).toContain("not made by npm run site");
    expect(readdirSync(other.path)).toEqual(["keep.txt"]);
    dir.remove();
    other.remove();
  });

  it("works without bot settings: pages simply have no bot links", async () => {
    const dir = tempDir("motcua-site-");
    await buildSite({ catalog, links: {}, outDir: dir.path });
    const page = readFileSync(join(dir.path, "thu-tuc", "dang-ky-khai-sinh.html"), "utf8");
    expect(page).not.toContain("t.me/");
    expect(page).not.toContain("Hỏi bot về thủ tục này");
    dir.remove();
  });

  it("the command line builds the site from the configured content", async () => {
    const dir = tempDir("motcua-site-");
    const { stdout } = await promisify(execFile)(join("node_modules", ".bin", "tsx"), ["scripts/site.ts", "--out", dir.path], {
      env: { ...process.env, CONTENT_DIR: FIXTURE_CATALOG, TELEGRAM_BOT_USERNAME: TELEGRAM, ZALO_BOT_LINK: ZALO },
      timeout: 90_000,
    });
    expect(stdout).toContain(`site: ${catalog.procedures.length} procedure pages and the index`);
    expect(existsSync(join(dir.path, "index.html"))).toBe(true);
    dir.remove();
  }, 90_000);
});

describe("the site's search is the bot's search", () => {
  it("ships the catalog exactly as the bot loads it", () => {
    const data = shippedData();
    expect(data.procedures).toEqual(JSON.parse(JSON.stringify(catalog.procedures)));
    expect(data.synonyms).toEqual(JSON.parse(JSON.stringify(catalog.synonyms)));
    expect(data.lexicon).toEqual(JSON.parse(JSON.stringify(catalog.lexicon)));
    expect(data.pages["dang-ky-khai-sinh"]).toEqual({ url: "thu-tuc/dang-ky-khai-sinh.html", shortCode: "TT 1", field: "Hộ tịch" });
  });

  it("finds first the procedure the bot answers with, for the same words, with or without diacritics", async () => {
    const data = shippedData();
    const index = buildSearchIndex(data);
    const questions = ["lam giay khai sinh", "làm giấy khai sinh", "dang ky ket hon", "lấy vợ", "sao y", "chung thuc chu ky", "mo ho kinh doanh", "gks"];
    for (const question of questions) {
      const bot = await chat(app, `parity-${question}`).say(question);
      expect(bot.intent, question).toBe("procedure");
      const { results } = siteSearch(index, data, question);
      expect(results[0]?.id, question).toBe(bot.procedure?.id);
      expect(results[0]?.url).toBe(`thu-tuc/${bot.procedure?.id}.html`);
    }
  });

  it("reads regional and shorthand words and section cues with the bot's lexicon", async () => {
    const data = shippedData();
    const index = buildSearchIndex(data);
    const withoutLexicon = buildSearchIndex({ ...data, lexicon: emptyLexicon() });
    // "vk ck" is "vợ chồng" only through lexicon/regional.yaml; "giấy tờ" asks for a section there.
    for (const question of ["vk ck", "giấy tờ vk ck"]) {
      const bot = await chat(app, `regional-${question}`).say(question);
      expect(bot.procedure?.code, question).toBe("1.000894");
      expect(siteSearch(index, data, question).results[0]?.id, question).toBe(bot.procedure?.id);
      // The words chosen depend on the lexicon: without it the site finds something else.
      expect(siteSearch(withoutLexicon, data, question).results[0]?.id, question).not.toBe(bot.procedure?.id);
    }
  });

  it("shows the bot's pointer for things done elsewhere, and nothing for nonsense", () => {
    const data = shippedData();
    const index = buildSearchIndex(data);
    expect(siteSearch(index, data, "làm hộ chiếu").elsewhere).toBe("Hộ chiếu do Công an tỉnh cấp.");
    expect(siteSearch(index, data, "qwzx").results).toEqual([]);
    expect(siteSearch(index, data, "   ").results).toEqual([]);
  });
});
