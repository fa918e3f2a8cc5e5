import type { Language } from "../core/types.js";
import type { ClosedReason } from "./office-hours.js";

/**
 * Every text of the questions-to-staff feature, per language. Residents read them in their
 * language; the staff chat reads them in the bot's default language.
 */
export interface HandoffMessages {
  // --- residents -------------------------------------------------------------------------------
  askButton: string;
  askPrompt: string[];
  cancelButton: string;
  cancelled: string;
  tooShort: string;
  rateLimited: (limit: number, phone: string) => string;
  sent: (ref: number) => string;
  expectAnswer: (when: string) => string;
  closedNow: (reason: ClosedReason, opensAt: string | undefined) => string;
  /** Closed now, but questions go to staff at once (QUESTION_RELAY_OUTSIDE_HOURS=now). */
  closedAnswerLater: (reason: ClosedReason, opensAt: string | undefined) => string;
  nothingOpen: string;
  alreadyOpen: (ref: number) => string;
  askByNumber: string;
  hoursTitle: string;
  threadMode: (ref: number) => string;
  /** The short acknowledgement of a message passed on in a thread (it also says how to leave). */
  forwarded: (ref: number) => string;
  forwardedLater: (ref: number, when: string) => string;
  doneButton: string;
  closedByResident: (ref: number) => string;
  closedByStaffNotice: (ref: number) => string;
  questionEnded: (ref: number) => string;
  answerTitle: (ref: number) => string;
  answerFooter: string;
  threadFlood: (phone: string) => string;
  textOnly: string;
  privateOnly: string;
  unavailable: (phone: string) => string;
  /** "15:30 hôm nay", "7:30 thứ Hai 05/01/2026". */
  when: (parts: { time: string; today: boolean; tomorrow: boolean; weekday: number; date: string }) => string;

  // --- staff -------------------------------------------------------------------------------------
  relayTitle: (ref: number, channel: string, name: string) => string;
  relayProcedure: (name: string, code: string) => string;
  relayAsked: (at: string) => string;
  relayHeld: (at: string) => string;
  relayHow: (ref: number) => string;
  followUpTitle: (ref: number, channel: string, name: string) => string;
  reminderTitle: (ref: number, age: string) => string;
  answered: (ref: number, name: string, channel: string) => string;
  claimedBy: (name: string) => string;
  takenNotice: (ref: number, name: string) => string;
  taken: (ref: number, name: string, at: string) => string;
  alreadyClosed: (ref: number) => string;
  unknownRef: (ref: string) => string;
  usageAnswer: string;
  usageClose: string;
  notStaff: (userId: string) => string;
  closedByStaff: (ref: number) => string;
  closedNotice: (ref: number, name: string) => string;
  residentClosed: (ref: number, name: string) => string;
  undelivered: (ref: number, blocked: boolean) => string;
  listTitle: (count: number) => string;
  listEmpty: string;
  listItem: (item: { ref: number; channel: string; name: string; age: string; status: string }) => string;
  statusWaiting: string;
  statusHeld: (when: string) => string;
  statusAnswering: (name: string) => string;
  statusFollowUp: (name: string) => string;
  listMore: (count: number) => string;
  listHow: string;
  age: (minutes: number) => string;
  channelNames: Record<string, string>;
  anonymous: string;
  someStaff: string;
}

const VI_WEEKDAYS = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];
const EN_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const vi: HandoffMessages = {
  askButton: "Hỏi cán bộ",
  askPrompt: [
    "Bạn hãy viết câu hỏi gửi cán bộ Bộ phận Một cửa trong một tin nhắn: việc bạn cần làm và điều bạn chưa rõ.",
    "Không cần gửi số căn cước, mật khẩu hay ảnh giấy tờ.",
  ],
  cancelButton: "Thôi, không hỏi nữa",
  cancelled: "Đã hủy. Bạn cứ hỏi về thủ tục như bình thường.",
  tooShort: "Câu hỏi ngắn quá; bạn viết rõ hơn giúp mình nhé (hoặc gõ HỦY để thôi).",
  rateLimited: (limit, phone) =>
    `Bạn đã mở ${limit} câu hỏi gửi cán bộ trong một giờ qua, là mức tối đa. Bạn vui lòng đợi một lúc rồi hỏi tiếp, hoặc gọi Bộ phận Một cửa: ${phone}.`,
  sent: (ref) => `Đã gửi câu hỏi #${ref} tới cán bộ Bộ phận Một cửa.`,
  expectAnswer: (when) => `Cán bộ trả lời trong giờ làm việc, thường trước ${when}. Câu trả lời sẽ đến ngay trong cuộc trò chuyện này.`,
  closedNow: (reason, opensAt) => {
    return opensAt
      ? `Bây giờ Bộ phận Một cửa không làm việc (${viClosedWhy(reason)}). Câu hỏi được giữ lại và chuyển cho cán bộ lúc ${opensAt}; câu trả lời sẽ đến sau đó.`
      : `Bây giờ Bộ phận Một cửa không làm việc (${viClosedWhy(reason)}). Câu hỏi được giữ lại cho cán bộ.`;
  },
  closedAnswerLater: (reason, opensAt) =>
    opensAt
      ? `Bây giờ Bộ phận Một cửa không làm việc (${viClosedWhy(reason)}); cán bộ sẽ trả lời từ ${opensAt}.`
      : `Bây giờ Bộ phận Một cửa không làm việc (${viClosedWhy(reason)}); cán bộ sẽ trả lời khi làm việc lại.`,
  nothingOpen: "Bạn không có câu hỏi nào đang mở với cán bộ.",
  alreadyOpen: (ref) => `Bạn đang có câu hỏi #${ref} với cán bộ: cứ nhắn tiếp ở đây, tin nhắn sẽ được chuyển vào câu hỏi đó. Gõ XONG để kết thúc.`,
  askByNumber: "Muốn gửi câu hỏi cho cán bộ Bộ phận Một cửa? Chọn:",
  hoursTitle: "Giờ làm việc:",
  threadMode: (ref) =>
    `Bạn đang ở chế độ hỏi cán bộ (câu hỏi #${ref}): tin nhắn bạn gửi sẽ được chuyển cho cán bộ. Gõ XONG để kết thúc và quay lại tra cứu thủ tục.`,
  forwarded: (ref) => `Đã chuyển tới cán bộ (câu hỏi #${ref}). Gõ XONG khi bạn muốn kết thúc.`,
  forwardedLater: (ref, when) => `Đã ghi vào câu hỏi #${ref}; tin nhắn sẽ được chuyển cho cán bộ lúc ${when}.`,
  doneButton: "Kết thúc câu hỏi",
  closedByResident: (ref) => `Đã kết thúc câu hỏi #${ref}. Cảm ơn bạn! Bạn có thể tiếp tục hỏi về thủ tục như bình thường.`,
  closedByStaffNotice: (ref) =>
    `Cán bộ đã kết thúc câu hỏi #${ref}. Bạn có thể tiếp tục tra cứu thủ tục như bình thường, và hỏi cán bộ lại bất cứ lúc nào.`,
  questionEnded: (ref) => `Câu hỏi #${ref} đã kết thúc, nên mình trả lời như tra cứu thông thường.`,
  answerTitle: (ref) => `Cán bộ Bộ phận Một cửa trả lời (câu hỏi #${ref}):`,
  answerFooter: "Bạn có thể nhắn tiếp ở đây để hỏi thêm. Gõ XONG khi đã xong.",
  threadFlood: (phone) => `Bạn đã gửi nhiều tin nhắn; cán bộ sẽ đọc và trả lời. Bạn vui lòng đợi, hoặc gọi Bộ phận Một cửa: ${phone}.`,
  textOnly: "Mình chỉ chuyển được tin nhắn chữ cho cán bộ.",
  privateOnly: "Để hỏi cán bộ, bạn nhắn riêng cho bot (không nhắn trong nhóm).",
  unavailable: (phone) => `Hiện chưa hỏi cán bộ qua bot được. Bạn gọi Bộ phận Một cửa: ${phone}.`,
  when: ({ time, today, tomorrow, weekday, date }) =>
    today ? `${time} hôm nay` : tomorrow ? `${time} ngày mai (${VI_WEEKDAYS[weekday]} ${date})` : `${time} ${VI_WEEKDAYS[weekday]} ${date}`,

  relayTitle: (ref, channel, name) => `❓ Câu hỏi #${ref} · ${channel} · ${name}`,
  relayProcedure: (name, code) => `Thủ tục vừa xem: ${name} (${code})`,
  relayAsked: (at) => `Gửi lúc ${at}`,
  relayHeld: (at) => `Gửi ngoài giờ làm việc, lúc ${at}`,
  relayHow: (ref) => `Trả lời: trả lời (reply) tin nhắn này, hoặc /tl ${ref} <nội dung>. Kết thúc: /xong ${ref}.`,
  followUpTitle: (ref, channel, name) => `💬 #${ref} · ${channel} · ${name} nhắn thêm:`,
  reminderTitle: (ref, age) => `⏰ Câu hỏi #${ref} đã chờ ${age} mà chưa ai trả lời:`,
  answered: (ref, name, channel) => `Đã gửi trả lời cho câu hỏi #${ref} tới ${name} (${channel}).`,
  claimedBy: (name) => `Câu hỏi do ${name} phụ trách.`,
  takenNotice: (ref, name) => `Câu hỏi #${ref} đã được ${name} nhận trả lời.`,
  taken: (ref, name, at) => `Câu hỏi #${ref} đã do ${name} nhận trả lời lúc ${at}; trả lời của bạn không được gửi.`,
  alreadyClosed: (ref) => `Câu hỏi #${ref} đã kết thúc; trả lời không được gửi. Người dân có thể hỏi lại nếu cần.`,
  unknownRef: (ref) => `Không có câu hỏi #${ref}. Gõ /cho để xem các câu hỏi đang mở.`,
  usageAnswer: "Cách dùng: /tl <số câu hỏi> <nội dung trả lời>, ví dụ: /tl 17 Anh mang theo căn cước và giấy chứng sinh.",
  usageClose: "Cách dùng: /xong <số câu hỏi>, ví dụ: /xong 17.",
  notStaff: (userId) =>
    `Chỉ cán bộ được cấu hình mới trả lời được câu hỏi của người dân. Nhờ người quản trị thêm mã ${userId} vào STAFF_TELEGRAM_IDS.`,
  closedByStaff: (ref) => `Đã kết thúc câu hỏi #${ref} và báo cho người dân.`,
  closedNotice: (ref, name) => `Câu hỏi #${ref} đã được ${name} kết thúc.`,
  residentClosed: (ref, name) => `Câu hỏi #${ref}: ${name} đã kết thúc câu hỏi.`,
  undelivered: (ref, blocked) =>
    blocked
      ? `⚠️ Không gửi được trả lời cho câu hỏi #${ref}: người dân đã chặn bot hoặc xóa cuộc trò chuyện. Nếu cần, hãy liên hệ bằng cách khác.`
      : `⚠️ Không gửi được trả lời cho câu hỏi #${ref}: nền tảng nhắn tin không nhận tin sau nhiều lần thử. Nếu cần, hãy liên hệ bằng cách khác.`,
  listTitle: (count) => `Câu hỏi đang mở: ${count}`,
  listEmpty: "Không có câu hỏi nào đang mở.",
  listItem: ({ ref, channel, name, age, status }) => `#${ref} · ${channel} · ${name} · ${age} · ${status}`,
  statusWaiting: "chưa ai trả lời",
  statusHeld: (when) => `chờ chuyển lúc ${when}`,
  statusAnswering: (name) => `${name} đã trả lời`,
  statusFollowUp: (name) => `người dân nhắn thêm, chờ ${name}`,
  listMore: (count) => `… và ${count} câu hỏi khác.`,
  listHow: "Trả lời: /tl <số> <nội dung> · Kết thúc: /xong <số>",
  age: (minutes) => {
    if (minutes < 60) return `${Math.max(1, minutes)} phút`;
    if (minutes < 24 * 60) return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} giờ` : `${Math.floor(minutes / 60)} giờ ${minutes % 60} phút`;
    return `${Math.floor(minutes / (24 * 60))} ngày`;
  },
  channelNames: { telegram: "Telegram", zalo: "Zalo", console: "máy tính", cli: "dòng lệnh" },
  anonymous: "(không rõ tên)",
  someStaff: "một cán bộ",
};

const en: HandoffMessages = {
  askButton: "Ask a staff member",
  askPrompt: [
    "Please write your question to the one-stop desk staff in one message: what you need to do and what is unclear.",
    "Do not send ID numbers, passwords or photos of documents.",
  ],
  cancelButton: "Never mind",
  cancelled: "Cancelled. Ask about procedures as usual.",
  tooShort: "That question is very short; please say a little more (or type CANCEL).",
  rateLimited: (limit, phone) =>
    `You have opened ${limit} questions to staff in the past hour, the most allowed. Please wait a while, or call the one-stop desk: ${phone}.`,
  sent: (ref) => `Your question #${ref} has been sent to the one-stop desk staff.`,
  expectAnswer: (when) => `Staff answer during office hours, usually before ${when}. The answer will arrive in this chat.`,
  closedNow: (reason, opensAt) =>
    opensAt
      ? `The one-stop desk is closed now (${enClosedWhy(reason)}). Questions are kept and passed to staff at ${opensAt}; the answer comes after that.`
      : `The one-stop desk is closed now (${enClosedWhy(reason)}). Questions are kept for the staff.`,
  closedAnswerLater: (reason, opensAt) =>
    opensAt
      ? `The one-stop desk is closed now (${enClosedWhy(reason)}); staff will answer from ${opensAt}.`
      : `The one-stop desk is closed now (${enClosedWhy(reason)}); staff will answer when it opens again.`,
  nothingOpen: "You have no open question with the staff.",
  alreadyOpen: (ref) => `You already have question #${ref} open with the staff: keep writing here and your messages go to it. Type DONE to finish.`,
  askByNumber: "Want to send your question to the one-stop desk staff? Choose:",
  hoursTitle: "Office hours:",
  threadMode: (ref) => `You are talking to staff (question #${ref}): your messages go to them. Type DONE to finish and return to procedure search.`,
  forwarded: (ref) => `Passed on to staff (question #${ref}). Type DONE when you want to finish.`,
  forwardedLater: (ref, when) => `Added to question #${ref}; it goes to staff at ${when}.`,
  doneButton: "Finish the question",
  closedByResident: (ref) => `Question #${ref} is finished. Thank you! You can ask about procedures as usual.`,
  closedByStaffNotice: (ref) => `Staff have finished question #${ref}. You can search procedures as usual, and ask staff again at any time.`,
  questionEnded: (ref) => `Question #${ref} has ended, so this is an ordinary search.`,
  answerTitle: (ref) => `The one-stop desk staff answer (question #${ref}):`,
  answerFooter: "You can reply here to ask more. Type DONE when you are finished.",
  threadFlood: (phone) => `You have sent many messages; staff will read them and answer. Please wait, or call the one-stop desk: ${phone}.`,
  textOnly: "Only text messages can be passed on to staff.",
  privateOnly: "To ask staff, write to the bot in a private chat (not in a group).",
  unavailable: (phone) => `Asking staff through the bot is not available yet. Please call the one-stop desk: ${phone}.`,
  when: ({ time, today, tomorrow, weekday, date }) =>
    today ? `${time} today` : tomorrow ? `${time} tomorrow (${EN_WEEKDAYS[weekday]} ${date})` : `${time} on ${EN_WEEKDAYS[weekday]} ${date}`,

  relayTitle: (ref, channel, name) => `❓ Question #${ref} · ${channel} · ${name}`,
  relayProcedure: (name, code) => `Procedure viewed last: ${name} (${code})`,
  relayAsked: (at) => `Sent at ${at}`,
  relayHeld: (at) => `Sent outside office hours, at ${at}`,
  relayHow: (ref) => `To answer: reply to this message, or /tl ${ref} <text>. To finish: /xong ${ref}.`,
  followUpTitle: (ref, channel, name) => `💬 #${ref} · ${channel} · ${name} adds:`,
  reminderTitle: (ref, age) => `⏰ Question #${ref} has waited ${age} without an answer:`,
  answered: (ref, name, channel) => `Answer to question #${ref} sent to ${name} (${channel}).`,
  claimedBy: (name) => `${name} handles this question.`,
  takenNotice: (ref, name) => `${name} has taken question #${ref}.`,
  taken: (ref, name, at) => `${name} took question #${ref} at ${at}; your answer was not sent.`,
  alreadyClosed: (ref) => `Question #${ref} is finished; the answer was not sent. The resident can ask again if needed.`,
  unknownRef: (ref) => `There is no question #${ref}. Type /cho to list open questions.`,
  usageAnswer: "Usage: /tl <question number> <answer>, e.g. /tl 17 Please bring your ID card.",
  usageClose: "Usage: /xong <question number>, e.g. /xong 17.",
  notStaff: (userId) => `Only configured staff can answer residents' questions. Ask the administrator to add ${userId} to STAFF_TELEGRAM_IDS.`,
  closedByStaff: (ref) => `Question #${ref} finished; the resident has been told.`,
  closedNotice: (ref, name) => `${name} finished question #${ref}.`,
  residentClosed: (ref, name) => `Question #${ref}: ${name} finished the question.`,
  undelivered: (ref, blocked) =>
    blocked
      ? `⚠️ The answer to question #${ref} could not be delivered: the resident blocked the bot or deleted the chat. Contact them another way if needed.`
      : `⚠️ The answer to question #${ref} could not be delivered: the messenger kept refusing it. Contact them another way if needed.`,
  listTitle: (count) => `Open questions: ${count}`,
  listEmpty: "No open questions.",
  listItem: ({ ref, channel, name, age, status }) => `#${ref} · ${channel} · ${name} · ${age} · ${status}`,
  statusWaiting: "not answered yet",
  statusHeld: (when) => `goes to staff at ${when}`,
  statusAnswering: (name) => `answered by ${name}`,
  statusFollowUp: (name) => `resident wrote again, waiting for ${name}`,
  listMore: (count) => `… and ${count} more.`,
  listHow: "Answer: /tl <number> <text> · Finish: /xong <number>",
  age: (minutes) => {
    if (minutes < 60) return `${Math.max(1, minutes)} min`;
    if (minutes < 24 * 60) return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
    return `${Math.floor(minutes / (24 * 60))} days`;
  },
  channelNames: { telegram: "Telegram", zalo: "Zalo", console: "terminal", cli: "command line" },
  anonymous: "(no name)",
  someStaff: "a staff member",
};

function viClosedWhy(reason: ClosedReason): string {
  switch (reason.kind) {
    case "day-off":
      return `hôm nay nghỉ ${reason.dayOff.name}`;
    case "weekend":
      return "hôm nay là ngày nghỉ";
    case "before-opening":
      return "chưa đến giờ làm việc";
    case "break":
      return "đang giờ nghỉ trưa";
    case "after-closing":
      return "đã hết giờ làm việc";
  }
}

function enClosedWhy(reason: ClosedReason): string {
  switch (reason.kind) {
    case "day-off":
      return `today is a day off: ${reason.dayOff.name}`;
    case "weekend":
      return "today is a day off";
    case "before-opening":
      return "it has not opened yet";
    case "break":
      return "it is the lunch break";
    case "after-closing":
      return "office hours are over";
  }
}

export function handoffMessages(language: Language): HandoffMessages {
  return language === "en" ? en : vi;
}
