import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import { ShortCodes } from "../src/catalog/short-codes.js";
import { loadConfig } from "../src/config.js";
import { makePosters, planPosters, PosterError } from "../src/posters/make-posters.js";
import { A4, type Page, type PosterFile } from "../src/posters/page.js";
import { procedurePoster } from "../src/posters/procedure-poster.js";
import { PNG_DPI } from "../src/posters/render-png.js";
import { wrap } from "../src/posters/wrap.js";
import { textWidth } from "../src/posters/fonts.js";
import { documentsInShort, whereInShort } from "../src/posters/summary.js";
import { posterTexts } from "../src/posters/texts.js";
import { telegramProcedureLink } from "../src/publish/bot-links.js";
import { createMemoryStore } from "../src/storage/store.js";
import { chat, tempDir, testApp } from "./helpers/app.js";
import { FIXTURE_CATALOG, FIXTURE_LINKS as links, FIXTURE_TELEGRAM as TELEGRAM, FIXTURE_ZALO as ZALO } from "./helpers/fixture-catalog.js";
import { decodeQrAt, decodeQrCodes, isGreyscale, pdfPages, pdfText, pngSize, squeeze } from "./helpers/images.js";


let catalog: Catalog;
let app: App;
let out: { path: string; remove: () => void };
let written: string[];

beforeAll(async () => {
  catalog = await loadCatalog(FIXTURE_CATALOG);
  app = await testApp(createMemoryStore(), FIXTURE_CATALOG);
  out = tempDir("motcua-posters-");
  written = (await makePosters({ catalog, links, outDir: out.path })).files;
  // Drawing 6 posters takes a few seconds; far longer on a busy machine.
}, 120_000);

afterAll(async () => {
  await app.close();
  out.remove();
});

const file = (name: string) => join(out.path, name);

describe("npm run posters (every procedure)", () => {
  it("writes a PDF and a PNG per procedure, the index poster and one PDF of them all", () => {
    const expected = [
      ...catalog.procedures.flatMap((procedure) => [`${procedure.id}.pdf`, `${procedure.id}.png`]),
      "all.pdf",
      "index.pdf",
      "index.png",
    ];
    expect(readdirSync(out.path).sort()).toEqual(expected.sort());
    expect(written.map((path) => path.slice(out.path.length + 1)).sort()).toEqual(expected.sort());
  });

  it("PNGs are A4 at 150 dpi, in greys only (readable printed in black and white)", () => {
    for (const name of ["dang-ky-khai-sinh.png", "index.png"]) {
      const png = readFileSync(file(name));
      expect(pngSize(png)).toEqual({ width: Math.round((A4.width / 72) * PNG_DPI), height: Math.round((A4.height / 72) * PNG_DPI) });
      expect(isGreyscale(png), name).toBe(true);
    }
  });

  it("each poster's QR codes open the procedure on Telegram and the bot on Zalo; the Telegram one opens the right card", async () => {
    // The whole first poster is searched, to show it holds exactly these two codes and no other.
    const first = catalog.procedures[0]!;
    expect(decodeQrCodes(readFileSync(file(`${first.id}.png`)), 3).sort()).toEqual([ZALO, telegramProcedureLink(TELEGRAM, first)].sort());
    // Every poster: each code decoded from the pixels where it was laid out.
    const plan = planPosters({ catalog, links });
    for (const [index, procedure] of plan.procedures.entries()) {
      const png = readFileSync(file(`${procedure.id}.png`));
      const boxes = plan.posters[index]!.pages[0]!.items.filter((item) => item.kind === "qr");
      const codes = boxes.map((box) => decodeQrAt(png, box, PNG_DPI));
      expect(codes.sort(), procedure.id).toEqual([ZALO, telegramProcedureLink(TELEGRAM, procedure)].sort());
      const telegram = new URL(codes.find((code) => code?.startsWith("https://t.me/"))!);
      expect(telegram.pathname).toBe(`/${TELEGRAM}`);
      const outcome = await chat(app, `qr-${procedure.id}`).say(`/start ${telegram.searchParams.get("start")}`);
      expect(outcome.procedure?.id).toBe(procedure.id);
    }
  });

  it("each PDF keeps the Vietnamese name (diacritics intact), the short code, fee, time and office as text", async () => {
    for (const procedure of catalog.procedures) {
      const text = await pdfText(file(`${procedure.id}.pdf`));
      const flat = squeeze(text);
      const shortCode = catalog.shortCodes.labelOf(procedure.id)!;
      expect(flat, procedure.id).toContain(procedure.name);
      expect(flat).toContain(`Mã ngắn: ${shortCode}`);
      expect(flat).toContain("Quét mã để mở Zalo, rồi gửi:");
      // The big code to send, read just before the Zalo link in the Zalo box.
      expect(flat).toContain(`${shortCode} zalo.me/2468013579`);
      expect(flat).toContain(`Mã thủ tục: ${procedure.code}`);
      expect(flat).toContain("LỆ PHÍ");
      expect(flat).toContain("THỜI GIAN GIẢI QUYẾT");
      // The first document everyone needs, where to go and when the desk is open.
      expect(flat).toContain(posterTexts.documentsTitle);
      const firstDocument = documentsInShort(procedure).always[0];
      if (firstDocument) expect(flat, procedure.id).toContain(squeeze(firstDocument));
      expect(flat, procedure.id).toContain(squeeze(whereInShort(procedure, catalog.office)));
      expect(flat).toContain(squeeze(`${posterTexts.hours} ${catalog.office.hours.join("; ")}`));
      expect(flat).toContain(catalog.office.phone);
      expect(flat).toContain("Thông tin rà soát ngày");
      expect(text.normalize("NFC")).toBe(text);
    }
    // The fixture's long name is wrapped over several lines, none of them past the margin.
    const long = catalog.procedures.find((procedure) => procedure.id === "chung-thuc-chu-ky")!;
    const lines = (await pdfText(file("chung-thuc-chu-ky.pdf"))).split("\n");
    expect(lines.some((line) => line.trim() === long.name)).toBe(false);
    expect(lines.find((line) => line.startsWith("Chứng thực chữ ký trong"))).toBeDefined();
  });

  it("says what is not verified and that the office is sample data", async () => {
    const flat = squeeze(await pdfText(file("dang-ky-khai-sinh.pdf")));
    expect(flat).toContain("chưa được đối chiếu với văn bản gốc");
    expect(flat).toContain("dữ liệu mẫu");
    expect(flat).toContain("Thông tin rà soát ngày 26/11/2026");
  });

  it("all.pdf has one page per procedure; the index lists every procedure by field with its short code and one QR code", async () => {
    expect(await pdfPages(file("all.pdf"))).toBe(catalog.procedures.length);
    const flat = squeeze(await pdfText(file("index.pdf")));
    for (const procedure of catalog.procedures) expect(flat).toContain(`${catalog.shortCodes.labelOf(procedure.id)} ${procedure.name}`);
    for (const field of ["HỘ TỊCH", "CHỨNG THỰC", "HỘ KINH DOANH"]) expect(flat).toContain(field);
    expect(flat.indexOf("HỘ TỊCH")).toBeLessThan(flat.indexOf("CHỨNG THỰC"));
    expect(flat).toContain(`Telegram: t.me/${TELEGRAM}`);
    expect(decodeQrCodes(readFileSync(file("index.png")))).toEqual([ZALO]);
  });
});

describe("npm run posters (choices and problems)", () => {
  /** What each QR code of a planned poster encodes (no drawing needed). */
  const qrData = (poster: PosterFile | undefined) =>
    (poster?.pages ?? []).flatMap((page) => page.items.flatMap((item) => (item.kind === "qr" ? [item.data] : [])));

  it("makes only the procedures asked for, by id, national code or short code, and no index unless asked", () => {
    const plan = planPosters({ catalog, links, procedures: ["dang-ky-ket-hon", "2.000815", "tt 6", "TT 2"] });
    expect(plan.procedures.map((procedure) => procedure.id)).toEqual(["dang-ky-ket-hon", "chung-thuc-ban-sao", "dang-ky-thanh-lap-ho-kinh-doanh"]);
    expect(plan.index).toBeUndefined();
    expect(planPosters({ catalog, links, procedures: ["TT 1"], index: true }).index?.name).toBe("index");
    expect(planPosters({ catalog, links }).posters).toHaveLength(catalog.procedures.length);
  });

  it("with one messenger configured, prints only its QR code", () => {
    const zalo = planPosters({ catalog, links: { ZALO_BOT_LINK: ZALO }, procedures: ["TT 1"], index: true });
    expect(qrData(zalo.posters[0])).toEqual([ZALO]);
    expect(qrData(zalo.index)).toEqual([ZALO]);
    const telegram = planPosters({ catalog, links: { TELEGRAM_BOT_USERNAME: TELEGRAM }, procedures: ["TT 1"], index: true });
    expect(qrData(telegram.posters[0])).toEqual([`https://t.me/${TELEGRAM}?start=dang-ky-khai-sinh`]);
    expect(qrData(telegram.index)).toEqual([`https://t.me/${TELEGRAM}`]);
  });

  it("explains what to fix: no bot address, an unknown procedure, a procedure without a short code; writes nothing", async () => {
    const dir = tempDir("motcua-posters-");
    const attempt = (options: Partial<Parameters<typeof makePosters>[0]>) =>
      makePosters({ catalog, links, outDir: dir.path, ...options }).then(
        () => "made",
        (error: unknown) => error,
      );
    const noLinks = await attempt({ links: {} });
    expect(noLinks).toBeInstanceOf(PosterError);
    expect((noLinks as Error).message).toContain("TELEGRAM_BOT_USERNAME and/or ZALO_BOT_LINK");
    const unknown = await attempt({ procedures: ["dang-ky-khai-sinh", "khong-co", "TT 4"] });
    expect((unknown as Error).message).toContain('"khong-co", "TT 4"');
    const noCode = await attempt({ catalog: { ...catalog, shortCodes: new ShortCodes(new Map([[1, "dang-ky-khai-sinh"]])) } });
    expect((noCode as Error).message).toContain("npm run content -- short-codes");
    expect(readdirSync(dir.path)).toEqual([]);
    dir.remove();
  });

  it("the command line reads the settings from the environment and lists what it wrote", async () => {
    const dir = tempDir("motcua-posters-");
    const { stdout } = await promisify(execFile)(
      join("node_modules", ".bin", "tsx"),
      ["scripts/posters.ts", "--procedure", "TT 2", "--out", dir.path],
      { env: { ...process.env, CONTENT_DIR: FIXTURE_CATALOG, TELEGRAM_BOT_USERNAME: `@${TELEGRAM}`, ZALO_BOT_LINK: "" }, timeout: 90_000 },
    );
    expect(stdout).toContain("dang-ky-ket-hon.pdf");
    expect(stdout).toContain("2 files for 1 procedure(s)");
    expect(decodeQrCodes(readFileSync(join(dir.path, "dang-ky-ket-hon.png")), 1)).toEqual([`https://t.me/${TELEGRAM}?start=dang-ky-ket-hon`]);
    dir.remove();
  }, 90_000);
});

/** The right end of the widest text line on a page, in points. */
function widestLine(page: Page): number {
  return Math.max(...page.items.flatMap((item) => (item.kind === "text" ? [item.x + textWidth(item.text, item.font, item.size)] : [])));
}

describe("poster layout", () => {
  it("wraps text within the width, breaking inside a word only when it alone is too wide", () => {
    const text = "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cả trường hợp chứng thực điểm chỉ)";
    const lines = wrap(text, "bold", 20, 200);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(" ")).toBe(text);
    for (const line of lines) expect(textWidth(line, "bold", 20)).toBeLessThanOrEqual(200.5);
    const long = wrap("https://t.me/motcua_bot?start=dang-ky-dat-dai-cap-giay-chung-nhan-lan-dau", "regular", 8, 150);
    expect(long.length).toBeGreaterThan(1);
    for (const line of long) expect(textWidth(line, "regular", 8)).toBeLessThanOrEqual(150.5);
  });

  it("keeps every line inside the margins, even for a very long name and many documents", () => {
    const base = catalog.procedures.find((procedure) => procedure.id === "chung-thuc-chu-ky")!;
    const documents = Array.from({ length: 30 }, (_, index) => ({ ...base.documents[0]!, name: `Giấy tờ số ${index + 1} có tên khá dài để chiếm nhiều chỗ trên áp phích` }));
    const procedure = { ...base, name: `${base.name} ${base.name}`, documents };
    const poster = procedurePoster({ procedure, office: catalog.office, topic: "Chứng thực", links: { telegram: "https://t.me/a_bot?start=x", zalo: ZALO, shortCode: "TT 5" } });
    const page = poster.pages[0]!;
    expect(widestLine(page)).toBeLessThanOrEqual(A4.width - 34 + 0.5);
    const texts = page.items.filter((item) => item.kind === "text");
    expect(Math.max(...texts.map((item) => item.y))).toBeLessThanOrEqual(A4.height - 30);
    // Documents that do not fit are counted, not silently dropped.
    expect(texts.map((item) => item.text).join(" ")).toMatch(/… và \d+ giấy tờ khác/);
  });
});

describe("configuration for posters and the website", () => {
  it("accepts the Telegram username with or without @ or t.me/, and an https Zalo link", () => {
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: "@motcua_bot" }).TELEGRAM_BOT_USERNAME).toBe("motcua_bot");
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: "https://t.me/Motcua_Bot" }).TELEGRAM_BOT_USERNAME).toBe("Motcua_Bot");
    expect(loadConfig({ ZALO_BOT_LINK: ZALO }).ZALO_BOT_LINK).toBe(ZALO);
    expect(() => loadConfig({ TELEGRAM_BOT_USERNAME: "motcua" })).toThrow(/TELEGRAM_BOT_USERNAME/);
    expect(() => loadConfig({ ZALO_BOT_LINK: "zalo.me/123" })).toThrow(/ZALO_BOT_LINK/);
  });
});
