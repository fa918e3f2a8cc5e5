/**
 * `npm run report` (in process) and the staff's /baocao on a records store filled by real
 * conversations: near-identical questions grouped with counts, no personal data anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createRecords } from "../src/records/index.js";
import { runReportCli } from "../src/reports/cli.js";
import { replyText, tempDir } from "./helpers/app.js";
import { captureIo } from "./helpers/cli-io.js";
import { handoffApp, handoffContent, STAFF_A, STAFF_CHAT, testClock } from "./helpers/handoff.js";

const SECRETS = ["0912345678", "0912 345 678", "0987654321", "H31-251002-0007", "251002", "Nguyễn Văn An", "Nguyen Van An", "nguyen van an", "001203004567"];

describe("the report", () => {
  let content: ReturnType<typeof handoffContent>;
  let data: ReturnType<typeof tempDir>;
  let app: App;
  const clock = testClock("2026-11-23", 9);
  let message = 0;

  const say = (chatId: string, text: string, channel: "zalo" | "telegram" = "zalo") =>
    app.core.handle({ channel, chatId, userId: chatId, kind: "text", text, messageId: `r${++message}`, displayName: "Nguyễn Văn An" });
  const run = async (argv: string[]) => {
    const { io, out, err } = captureIo();
    const code = await runReportCli(argv, io, { CONTENT_DIR: content.dir, DATA_DIR: data.path }, clock.now());
    return { code, out: out(), err: err() };
  };

  beforeAll(async () => {
    content = handoffContent();
    data = tempDir("motcua-report-");
    app = await handoffApp({ contentDir: content.dir, now: clock.now, records: await createRecords({ dataDir: data.path }) });
    await say("z1", "Tôi là Nguyễn Văn An, sđt 0912 345 678, cho hỏi xin giấy phép karaoke");
    await say("z2", "lam giay phep karaoke the nao");
    await say("t3", "giấy phép kinh doanh karaoke cần những gì", "telegram");
    await say("z4", "nuôi chó cảnh có phải khai báo không");
    await say("z5", "hồ sơ 000.00.15.H31-251002-0007 đến đâu rồi");
    await say("z6", "đăng ký kết hôn");
    await say("t7", "đăng ký kết hôn", "telegram");
    await say("z9", "đăng ký nhận thông báo");
    // A search that ends in a question to staff, with personal data in the question.
    const notFound = await say("z8", "xin phép karaoke cho quán nhà tôi, gọi 0987654321");
    const ask = notFound.replies.at(-1)?.choices?.find((choice) => choice.payload.startsWith("q:ask"));
    await app.core.handle({ channel: "zalo", chatId: "z8", userId: "z8", kind: "choice", choice: ask?.payload ?? "" });
    await say("z8", "Tôi là Nguyễn Văn An, CCCD 001203004567, quán karaoke cần giấy phép gì?");
    await app.core.handle({ channel: "telegram", chatId: String(STAFF_CHAT), userId: String(STAFF_A), kind: "text", text: "/tl 1 Anh hỏi phòng văn hóa xã.", messageId: "s1" });
    clock.advance(3_600_000);
  });
  afterAll(async () => {
    await app.close();
    data.remove();
    content.remove();
  });

  it("groups near-identical unanswered questions with counts and says where people gave up and asked staff", async () => {
    const { code, out, err } = await run(["--since", "30d"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("Báo cáo từ 24/10/2026 đến 23/11/2026");
    expect(out).toContain("không tìm thấy: 5, đoán chưa chắc: 0");
    const karaoke = /• (\d) × [^\n]*karaoke[^\n]*/.exec(out);
    expect(Number(karaoke?.[1])).toBe(3); // three wordings of one need in one line
    expect(karaoke?.[0]).toContain("cũng hỏi là");
    expect(out).toMatch(/• 1 × nuoi cho canh co phai khai bao khong/);
    const handedOff = out.slice(out.indexOf("Tìm kiếm kết thúc bằng hỏi cán bộ"), out.indexOf("Câu hỏi gửi cán bộ"));
    expect(handedOff).toContain("1 × xin phep karaoke cho quan nha toi goi <sdt>");
    expect(out).toContain("Câu hỏi gửi cán bộ: 1, đã trả lời 1, còn mở 1 (Zalo 1)");
    expect(out).toMatch(/• 2 × Đăng ký kết hôn \(1\.000894\) \((Zalo 1, Telegram 1|Telegram 1, Zalo 1)\)/);
    expect(out).toMatch(/Tìm kiếm kết thúc bằng hỏi cán bộ:\n• 1 × /);
    expect(out).toContain("Tra cứu hồ sơ: 1 (Zalo 1)");
    // Subscriptions (issue #9) are installed: one chat subscribed in the period.
    expect(out).toContain("Đăng ký nhận tin: đang nhận 1, đăng ký mới 1, hủy 0 (Zalo 1)");
    // Ratings (issue #8) are installed: an empty period says so instead of "not installed".
    expect(out).not.toContain("bảng dossier_ratings chưa có");
  });

  it("contains no phone number, ID number, receipt code or name, in text or CSV", async () => {
    for (const argv of [["--since", "30d"], ["--since", "30d", "--csv"]]) {
      const { out } = await run(argv);
      for (const secret of SECRETS) expect(out).not.toContain(secret);
    }
  });

  it("writes CSV for spreadsheets: BOM, one figure per row", async () => {
    const { code, out } = await run(["--since", "2026-11-01", "--until", "2026-11-30", "--csv"]);
    expect(code).toBe(0);
    expect(out.startsWith("\uFEFFsection,channel,item,code,count,detail\r\n")).toBe(true);
    const rows = out.trim().split("\r\n").map((row) => row.split(","));
    const karaoke = rows.find((row) => row[0] === "unanswered" && row[2]?.includes("karaoke"));
    expect(karaoke?.[4]).toBe("3");
    expect(rows.some((row) => row[0] === "viewed" && row[1] === "telegram" && row[3] === "1.000894" && row[4] === "1")).toBe(true);
    expect(rows.some((row) => row[0] === "subscriptions" && row[1] === "zalo" && row[2] === "active" && row[4] === "1")).toBe(true);
    const { out: plain } = await run(["--csv", "--no-bom"]);
    expect(plain.startsWith("section,")).toBe(true);
  });

  it("counts only the period asked for", async () => {
    const { out } = await run(["--since", "2026-11-01", "--until", "2026-11-22"]);
    expect(out).toContain("Câu hỏi gửi cán bộ: 0");
    expect(out).toContain("không tìm thấy: 0");
  });

  it("explains bad arguments", async () => {
    expect((await run(["--since", "yesterday"])).code).toBe(2);
    expect((await run(["--since", "2026-12-01", "--until", "2026-11-01"])).err).toContain("the period is empty");
    expect((await run(["--top", "0"])).code).toBe(2);
    expect((await run(["--bogus"])).err).toContain("usage: npm run report");
  });

  it("is the staff's /baocao in the chat, for staff only", async () => {
    const staff = await app.core.handle({ channel: "telegram", chatId: String(STAFF_A), userId: String(STAFF_A), kind: "text", text: "/baocao 7d", messageId: "s2" });
    const text = replyText(staff);
    expect(text).toContain("Báo cáo từ 16/11/2026 đến 23/11/2026");
    expect(text).toMatch(/3 × [^\n]*karaoke/);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const resident = await say("z9", "/baocao");
    expect(replyText(resident)).not.toContain("Báo cáo");
  });
});
