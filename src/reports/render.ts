import { formatDate, vietnamDate } from "../calendar/index.js";
import type { Language, Reply } from "../core/types.js";
import type { WordingGroup } from "./grouping.js";
import { total, type PerChannel, type Report } from "./report.js";

/** The report as chat replies (staff command, CLI text) and as CSV (spreadsheets). */

interface ReportTexts {
  title: (since: string, until: string) => string;
  unanswered: (notFound: number, guesses: number) => string;
  handedOff: string;
  questions: (asked: number, answered: number, open: number) => string;
  median: (minutes: number) => string;
  questionTopics: string;
  viewed: string;
  lookups: (count: number) => string;
  subscriptionsTitle: string;
  subscriptions: (active: number, joined: number, left: number) => string;
  ratings: string;
  ratingLevels: Record<string, string>;
  missing: (table: string) => string;
  none: string;
  alsoWritten: string;
  channels: Record<string, string>;
  privacy: string;
}

const vi: ReportTexts = {
  title: (since, until) => `Báo cáo từ ${since} đến ${until}`,
  unanswered: (notFound, guesses) => `Câu hỏi bot chưa trả lời được (không tìm thấy: ${notFound}, đoán chưa chắc: ${guesses}), gộp theo cách hỏi gần giống:`,
  handedOff: "Tìm kiếm kết thúc bằng hỏi cán bộ:",
  questions: (asked, answered, open) => `Câu hỏi gửi cán bộ: ${asked}, đã trả lời ${answered}, còn mở ${open}`,
  median: (minutes) => `thời gian chờ trả lời (trung vị, tính từ khi cán bộ nhận được): ${minutes} phút`,
  questionTopics: "Nội dung người dân hỏi cán bộ:",
  viewed: "Thủ tục được xem nhiều nhất:",
  lookups: (count) => `Tra cứu hồ sơ: ${count}`,
  subscriptionsTitle: "Đăng ký nhận tin",
  subscriptions: (active, joined, left) => `Đăng ký nhận tin: đang nhận ${active}, đăng ký mới ${joined}, hủy ${left}`,
  ratings: "Đánh giá hài lòng:",
  ratingLevels: { "very-satisfied": "Rất hài lòng", satisfied: "Hài lòng", dissatisfied: "Không hài lòng" },
  missing: (table) => `chưa có số liệu (bảng ${table} chưa có trong cơ sở dữ liệu: tính năng này chưa được cài)`,
  none: "(không có)",
  alsoWritten: "cũng hỏi là",
  channels: { telegram: "Telegram", zalo: "Zalo", console: "máy tính", cli: "dòng lệnh" },
  privacy: "Nội dung đã bỏ dấu và xóa thông tin cá nhân (số điện thoại, số giấy tờ, mã hồ sơ, tên).",
};

const en: ReportTexts = {
  title: (since, until) => `Report from ${since} to ${until}`,
  unanswered: (notFound, guesses) => `Questions the bot could not answer (not found: ${notFound}, unsure guesses: ${guesses}), similar wordings together:`,
  handedOff: "Searches that ended in a question to staff:",
  questions: (asked, answered, open) => `Questions to staff: ${asked}, answered ${answered}, still open ${open}`,
  median: (minutes) => `time to answer (median, from when staff received it): ${minutes} min`,
  questionTopics: "What residents asked staff:",
  viewed: "Most viewed procedures:",
  lookups: (count) => `Dossier lookups: ${count}`,
  subscriptionsTitle: "Subscriptions",
  subscriptions: (active, joined, left) => `Subscriptions: active ${active}, new ${joined}, cancelled ${left}`,
  ratings: "Satisfaction ratings:",
  ratingLevels: { "very-satisfied": "Very satisfied", satisfied: "Satisfied", dissatisfied: "Dissatisfied" },
  missing: (table) => `no data (table ${table} is not in this database: that feature is not installed)`,
  none: "(none)",
  alsoWritten: "also written as",
  channels: { telegram: "Telegram", zalo: "Zalo", console: "terminal", cli: "command line" },
  privacy: "Texts are folded and stripped of personal data (phone numbers, ID numbers, receipt codes, names).",
};

export function reportReplies(report: Report, language: Language, top = 10): Reply[] {
  const text = language === "en" ? en : vi;
  const { period } = report;
  const channels = (counts: PerChannel) => {
    const parts = Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([channel, count]) => `${text.channels[channel] ?? channel} ${count}`);
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
  };
  const groups = (list: WordingGroup[]) =>
    list.length === 0
      ? [text.none]
      : list.slice(0, top).map((group) => {
          const others = group.wordings.filter((wording) => wording.text !== group.label).slice(0, 3);
          return `• ${group.count} × ${group.label}${others.length > 0 ? ` (${text.alsoWritten}: ${others.map((other) => other.text).join("; ")})` : ""}`;
        });
  const { questions } = report;
  const questionLines = [
    `${text.questions(total(questions.asked), total(questions.answered), total(questions.stillOpen))}${channels(questions.asked)}`,
    ...(questions.medianMinutesToAnswer === null ? [] : [text.median(questions.medianMinutesToAnswer)]),
  ];
  const subscriptions = report.subscriptions.available
    ? `${text.subscriptions(total(report.subscriptions.value.active), total(report.subscriptions.value.joined), total(report.subscriptions.value.left))}${channels(report.subscriptions.value.active)}`
    : `${text.subscriptionsTitle}: ${text.missing(report.subscriptions.table)}`;
  let ratings: string[];
  if (report.ratings.available) {
    const levels = report.ratings.value;
    ratings = Object.keys(text.ratingLevels)
      .filter((level) => levels[level] !== undefined)
      .map((level) => `• ${text.ratingLevels[level]}: ${total(levels[level]!)}${channels(levels[level]!)}`);
  } else {
    ratings = [text.missing(report.ratings.table)];
  }
  return [
    {
      blocks: [
        { title: text.title(day(period.since), day(period.until - 1)), lines: [text.privacy] },
        { title: text.unanswered(total(report.unanswered.notFound), total(report.unanswered.guesses)), lines: groups(report.unanswered.groups) },
        { title: text.handedOff, lines: groups(report.handedOff) },
        { title: questionLines[0], lines: [...questionLines.slice(1), text.questionTopics, ...groups(report.questionTopics)] },
      ],
    },
    {
      blocks: [
        {
          title: text.viewed,
          lines:
            report.viewed.length === 0
              ? [text.none]
              : report.viewed.slice(0, top).map((view) => `• ${view.total} × ${view.name}${view.code ? ` (${view.code})` : ""}${channels(view.byChannel)}`),
        },
        { lines: [`${text.lookups(total(report.lookups))}${channels(report.lookups)}`, subscriptions] },
        { title: text.ratings, lines: ratings.length > 0 ? ratings : [text.none] },
      ],
    },
  ];
}

/** One row per figure: section, channel, item, code, count, detail. */
export function reportCsv(report: Report, bom = true): string {
  const rows: string[][] = [["section", "channel", "item", "code", "count", "detail"]];
  const perChannel = (section: string, item: string, counts: PerChannel, code = "") => {
    for (const [channel, count] of Object.entries(counts)) rows.push([section, channel, item, code, String(count), ""]);
  };
  const grouped = (section: string, groups: WordingGroup[]) => {
    for (const group of groups) {
      const others = group.wordings.filter((wording) => wording.text !== group.label).map((wording) => `${wording.count} × ${wording.text}`);
      rows.push([section, "all", group.label, "", String(group.count), others.join(" | ")]);
    }
  };
  const { since, until } = report.period;
  rows.push(["period", "all", "since", "", "", new Date(since).toISOString()], ["period", "all", "until", "", "", new Date(until).toISOString()]);
  perChannel("unanswered_total", "not-found", report.unanswered.notFound);
  perChannel("unanswered_total", "guess", report.unanswered.guesses);
  grouped("unanswered", report.unanswered.groups);
  grouped("handed_off", report.handedOff);
  perChannel("questions", "asked", report.questions.asked);
  perChannel("questions", "answered", report.questions.answered);
  perChannel("questions", "open", report.questions.stillOpen);
  if (report.questions.medianMinutesToAnswer !== null) rows.push(["questions", "all", "median-minutes-to-answer", "", String(report.questions.medianMinutesToAnswer), ""]);
  grouped("question_topics", report.questionTopics);
  for (const view of report.viewed) perChannel("viewed", view.name, view.byChannel, view.code);
  perChannel("lookups", "lookups", report.lookups);
  if (report.subscriptions.available) {
    perChannel("subscriptions", "active", report.subscriptions.value.active);
    perChannel("subscriptions", "joined", report.subscriptions.value.joined);
    perChannel("subscriptions", "left", report.subscriptions.value.left);
  } else {
    rows.push(["subscriptions", "all", "not-available", "", "", `table ${report.subscriptions.table} missing`]);
  }
  if (report.ratings.available) {
    for (const [level, counts] of Object.entries(report.ratings.value)) perChannel("ratings", level, counts);
  } else {
    rows.push(["ratings", "all", "not-available", "", "", `table ${report.ratings.table} missing`]);
  }
  return `${bom ? "\uFEFF" : ""}${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function day(at: number): string {
  return formatDate(vietnamDate(at));
}
