import type { Language } from "../core/types.js";

/**
 * Reply texts of residents' subscriptions, per language. Kept apart from src/core/messages so
 * the feature's wording is one file to review and translate.
 */
export interface SubscriptionMessages {
  subscribed: (commune: string) => string;
  already: string;
  title: (commune: string) => string;
  active: string;
  inactive: string;
  villagesLine: (names: string) => string;
  topicsLine: (names: string) => string;
  /** The language announcements come in (the one the resident chose when subscribing). */
  languageLine: (language: Language) => string;
  all: string;
  chooseHint: (hasVillages: boolean) => string;
  /** How to stop: every announcement ends with it. */
  howToStop: string;
  unsubscribed: string[];
  notSubscribed: string[];
  messengerOnly: string;
  villagesPrompt: string;
  topicsPrompt: string;
  chooseVillages: string;
  chooseTopics: string;
  allVillages: string;
  allTopics: string;
  done: string;
  stop: string;
  subscribeAgain: string;
  nextPage: string;
  previousPage: string;
  /** A choice about a subscription that has ended since the buttons were shown. */
  ended: string[];
}

const vi: SubscriptionMessages = {
  subscribed: (commune) => `Bạn đã đăng ký nhận thông báo của ${commune}. Khi có tin mới về thủ tục hành chính, bot sẽ gửi cho bạn.`,
  already: "Bạn đang nhận thông báo của xã.",
  title: (commune) => `Đăng ký nhận thông báo của ${commune}`,
  active: "Trạng thái: đang nhận tin",
  inactive: "Trạng thái: đã hủy nhận tin",
  villagesLine: (names) => `Thôn, tổ dân phố: ${names}`,
  topicsLine: (names) => `Lĩnh vực: ${names}`,
  languageLine: (language) => `Ngôn ngữ của thông báo: ${language === "en" ? "tiếng Anh" : "tiếng Việt"} (đổi bằng /lang vi hoặc /lang en)`,
  all: "tất cả",
  chooseHint: (hasVillages) =>
    hasVillages ? "Bạn có thể chỉ nhận tin của thôn, tổ dân phố nơi mình ở và các lĩnh vực mình quan tâm." : "Bạn có thể chỉ nhận tin của các lĩnh vực mình quan tâm.",
  howToStop: "Muốn ngừng nhận tin: gõ “hủy nhận tin” hoặc /unsubscribe.",
  unsubscribed: ["Bạn đã hủy nhận thông báo của xã. Bot sẽ không gửi tin cho bạn nữa.", "Muốn nhận lại: gõ “đăng ký nhận thông báo” hoặc /subscribe."],
  notSubscribed: ["Hiện bạn chưa đăng ký nhận tin nên không cần hủy.", "Muốn nhận thông báo của xã: gõ “đăng ký nhận thông báo” hoặc /subscribe."],
  messengerOnly: "Đăng ký nhận thông báo chỉ dùng được trên Zalo và Telegram.",
  villagesPrompt: "Chọn thôn, tổ dân phố (chọn lại để bỏ chọn), rồi bấm “Xong”:",
  topicsPrompt: "Chọn lĩnh vực (chọn lại để bỏ chọn), rồi bấm “Xong”:",
  chooseVillages: "Chọn thôn, tổ dân phố",
  chooseTopics: "Chọn lĩnh vực",
  allVillages: "Tất cả thôn, tổ dân phố",
  allTopics: "Tất cả lĩnh vực",
  done: "Xong",
  stop: "Hủy nhận tin",
  subscribeAgain: "Đăng ký lại",
  nextPage: "Trang sau",
  previousPage: "Trang trước",
  ended: ["Bạn không còn đăng ký nhận thông báo.", "Muốn nhận lại: gõ “đăng ký nhận thông báo” hoặc /subscribe."],
};

const en: SubscriptionMessages = {
  subscribed: (commune) => `You are subscribed to announcements from ${commune}. The bot will message you when there is news about administrative procedures.`,
  already: "You already receive the commune's announcements.",
  title: (commune) => `Announcements from ${commune}`,
  active: "Status: subscribed",
  inactive: "Status: unsubscribed",
  villagesLine: (names) => `Villages and residential groups: ${names}`,
  topicsLine: (names) => `Topics: ${names}`,
  languageLine: (language) => `Announcements in: ${language === "en" ? "English" : "Vietnamese"} (change with /lang en or /lang vi)`,
  all: "all",
  chooseHint: (hasVillages) =>
    hasVillages ? "You can receive only the news of your village or residential group and the topics you care about." : "You can receive only the news of the topics you care about.",
  howToStop: "To stop these messages: type “unsubscribe” or /unsubscribe.",
  unsubscribed: ["You are unsubscribed. The bot will not send you announcements any more.", "To subscribe again: type /subscribe."],
  notSubscribed: ["You are not subscribed, so there is nothing to cancel.", "To receive the commune's announcements: type /subscribe."],
  messengerOnly: "Announcements can be received on Zalo and Telegram only.",
  villagesPrompt: "Pick villages or residential groups (pick again to remove), then “Done”:",
  topicsPrompt: "Pick topics (pick again to remove), then “Done”:",
  chooseVillages: "Choose villages",
  chooseTopics: "Choose topics",
  allVillages: "All villages",
  allTopics: "All topics",
  done: "Done",
  stop: "Unsubscribe",
  subscribeAgain: "Subscribe again",
  nextPage: "Next page",
  previousPage: "Previous page",
  ended: ["You are no longer subscribed.", "To subscribe again: type /subscribe."],
};

export function subscriptionMessages(language: Language): SubscriptionMessages {
  return language === "en" ? en : vi;
}

/** The line every announcement ends with: how to stop receiving them (issue #9). */
export function howToStop(language: Language): string {
  return subscriptionMessages(language).howToStop;
}
