/**
 * The website in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
 * driven by playwright-core, on pages served from 127.0.0.1. Search without diacritics, open a
 * result, check the page, run axe-core, and keep screenshots in test-output/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSearchIndex } from "../src/catalog/build-search-index.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import { buildSite } from "../src/site/build-site.js";
import { siteSearch } from "../src/site/client/site-search.js";
import { tempDir } from "./helpers/app.js";
import { FIXTURE_CATALOG, FIXTURE_LINKS, FIXTURE_TELEGRAM as TELEGRAM, FIXTURE_ZALO as ZALO } from "./helpers/fixture-catalog.js";
import { shippedSearchData } from "./helpers/site-data.js";
import { serveStatic } from "./helpers/static-server.js";

const CHROMIUM = "/usr/bin/chromium";
/** The flags this machine's sandbox and closed network need (see the machine notes). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOTS = "test-output";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let catalog: Catalog;
let site: { path: string; remove: () => void };
let server: Awaited<ReturnType<typeof serveStatic>>;
let profile: string;
let browser: BrowserContext;
const problems: string[] = [];
/** A browser on a busy two-core machine: generous, since a slow start is not a failure. */
const BROWSER_TIMEOUT = 120_000;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it when missing)`);
  catalog = await loadCatalog(FIXTURE_CATALOG);
  site = tempDir("motcua-site-browser-");
  await buildSite({ catalog, links: FIXTURE_LINKS, outDir: site.path });
  server = await serveStatic(site.path);
  profile = mkdtempSync(join(tmpdir(), "motcua-chromium-"));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    // A phone: the site must work there first.
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    // Lets axe-core be injected despite the pages' own script policy.
    bypassCSP: true,
  });
  browser.on("page", watch);
}, BROWSER_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Every request must stay on the site's own server; every script error is a failure. */
function watch(page: Page): void {
  page.on("request", (request) => {
    if (!request.url().startsWith(`${server.url}/`) && !request.url().startsWith("data:")) problems.push(`request to ${request.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
}

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => String(node.target)).join(", ")})`);
  });
  return violations;
}

/** The same search run in Node on the data the site ships. */
function nodeResults(query: string): string[] {
  const data = shippedSearchData(site.path);
  return siteSearch(buildSearchIndex(data), data, query).results.map((result) => result.name);
}

describe("the catalog website in Chromium", () => {
  it("searches without diacritics, opens a result and shows the procedure; axe finds no violation", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    expect(await page.title()).toContain(catalog.office.name);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel("Tìm thủ tục").fill("lam giay khai sinh");
    const results = page.locator("#search-results li a");
    await results.first().waitFor();
    expect(await results.first().textContent()).toBe("Đăng ký khai sinh");
    // The browser ran the bot's search code: the same list as in Node, in the same order.
    expect(await results.allTextContents()).toEqual(nodeResults("lam giay khai sinh"));
    expect(await page.locator("#search-status").textContent()).toMatch(/^\d+ thủ tục phù hợp với “lam giay khai sinh”$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "site-search-phone.png") });

    await results.first().click();
    await page.waitForURL(/\/thu-tuc\/dang-ky-khai-sinh\.html$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Đăng ký khai sinh");
    const telegram = page.getByRole("link", { name: "Mở thủ tục này trên Telegram" });
    expect(await telegram.getAttribute("href")).toBe(`https://t.me/${TELEGRAM}?start=dang-ky-khai-sinh`);
    expect(await page.getByRole("link", { name: "Mở Zalo" }).getAttribute("href")).toBe(ZALO);
    expect(await page.locator(".ask .code").textContent()).toBe("TT 1");
    expect(await page.locator(".reviewed").textContent()).toBe("Thông tin rà soát ngày 26/11/2026.");
    expect(await page.getByRole("heading", { level: 2, name: "Giấy tờ cần chuẩn bị" }).isVisible()).toBe(true);
    // A phone cannot scan its own screen: the QR codes are for computers.
    expect(await page.locator(".qr").first().isVisible()).toBe(false);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "site-procedure-phone.png"), fullPage: true });
    await page.close();
  }, BROWSER_TIMEOUT);

  it("searches from any page and from a shared link; points elsewhere like the bot", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/thu-tuc/chung-thuc-ban-sao.html`);
    await page.getByRole("searchbox", { name: "Tìm thủ tục" }).fill("dang ky ket hon");
    await page.getByRole("button", { name: "Tìm" }).click();
    await page.waitForURL(/index\.html\?q=dang\+ky\+ket\+hon$/);
    await page.locator("#search-results li").first().waitFor();
    expect(await page.locator("#search-results li a").first().textContent()).toBe("Đăng ký kết hôn");

    // Shorthand from the bot's lexicon ("vk ck": vợ chồng) works in the browser too.
    await page.getByLabel("Tìm thủ tục").fill("giấy tờ vk ck");
    await page.getByLabel("Tìm thủ tục").press("Enter");
    await expect.poll(() => page.locator("#search-results li a").first().textContent()).toBe("Đăng ký kết hôn");
    expect(await page.locator("#search-results li a").allTextContents()).toEqual(nodeResults("giấy tờ vk ck"));

    await page.goto(`${server.url}/index.html?q=${encodeURIComponent("lam ho chieu")}`);
    await page.locator("#search-elsewhere").waitFor();
    expect(await page.locator("#search-elsewhere").textContent()).toBe("Hộ chiếu do Công an tỉnh cấp.");

    await page.getByLabel("Tìm thủ tục").fill("qwzx");
    await page.getByLabel("Tìm thủ tục").press("Enter");
    await expect.poll(() => page.locator("#search-status").textContent()).toContain("Chưa tìm thấy thủ tục phù hợp với “qwzx”");
    expect(await page.locator("#search-results").isHidden()).toBe(true);
    await page.close();
  }, BROWSER_TIMEOUT);

  it("on a computer: the QR codes show, and axe finds no violation", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/thu-tuc/dang-ky-ket-hon.html`);
    const qr = page.getByRole("img", { name: "Mã QR mở thủ tục này trên Telegram" });
    expect(await qr.isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "site-procedure-desktop.png") });
    await page.close();
  }, BROWSER_TIMEOUT);

  it("made no request outside the site and no script error", () => {
    expect(problems).toEqual([]);
    expect(server.requests.some((url) => url.endsWith("/assets/search.js"))).toBe(true);
  });
});
