import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Language } from "../../core/types.js";

/**
 * The command menu Telegram shows next to the input field. Only commands the core answers
 * are listed; each language's list names the command that reads naturally in it (the core
 * accepts /hoso and /status alike).
 */
export const COMMAND_MENUS: Readonly<Record<Language, readonly BotCommand[]>> = {
  vi: [
    { command: "start", description: "Bắt đầu: các nhóm thủ tục" },
    { command: "help", description: "Hướng dẫn cách hỏi" },
    { command: "hoso", description: "Tra cứu tình trạng hồ sơ" },
    { command: "hoicanbo", description: "Gửi câu hỏi cho cán bộ Một cửa" },
    { command: "subscribe", description: "Nhận thông báo của xã (xem, đổi đăng ký)" },
    { command: "unsubscribe", description: "Hủy nhận thông báo" },
    { command: "lang", description: "Đổi ngôn ngữ / Change language (vi, en)" },
  ],
  en: [
    { command: "start", description: "Start: procedure topics" },
    { command: "help", description: "How to ask" },
    { command: "status", description: "Check the status of an application" },
    { command: "ask", description: "Send a question to the office staff" },
    { command: "subscribe", description: "Commune announcements (see, change)" },
    { command: "unsubscribe", description: "Stop announcements" },
    { command: "lang", description: "Change language / Đổi ngôn ngữ (en, vi)" },
  ],
};

/**
 * Sets the menu for every user (in `defaultLanguage`) and for users whose app is in
 * Vietnamese or English, so each sees the menu in their own language.
 */
export async function setCommandMenus(api: Api, defaultLanguage: Language): Promise<void> {
  await api.setMyCommands([...COMMAND_MENUS[defaultLanguage]]);
  for (const language of ["vi", "en"] as const) {
    await api.setMyCommands([...COMMAND_MENUS[language]], { language_code: language });
  }
}
