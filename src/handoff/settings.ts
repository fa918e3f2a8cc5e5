import type { Config } from "../config.js";
import type { Language } from "../core/types.js";

/** How questions to staff behave; from the environment (see .env.example). */
export interface HandoffSettings {
  /** The Telegram chat where questions arrive; without it the bot does not offer "Hỏi cán bộ". */
  staffChatId: string | undefined;
  questionsPerHour: number;
  /** An unanswered question is announced again after this long (once, while the desk is open). */
  remindAfterMs: number;
  /** Office minutes within which residents are told to expect an answer. */
  answerWithinMinutes: number;
  relayOutsideHours: "hold" | "now";
  /** An answered question with no new message for this long is closed. */
  closeIdleMs: number;
  /** Language of the staff chat. */
  staffLanguage: Language;
  /** Relays that keep failing are given up after this long (as every outbox message). */
  giveUpAfterMs: number;
}

export type HandoffConfig = Partial<
  Pick<
    Config,
    | "STAFF_TELEGRAM_CHAT_ID"
    | "QUESTIONS_PER_HOUR"
    | "QUESTION_REMIND_MINUTES"
    | "QUESTION_ANSWER_HOURS"
    | "QUESTION_RELAY_OUTSIDE_HOURS"
    | "QUESTION_CLOSE_IDLE_HOURS"
    | "OUTBOX_GIVE_UP_HOURS"
    | "DEFAULT_LANGUAGE"
  >
>;

/** Settings from a (possibly partial) configuration, with the documented defaults. */
export function handoffSettings(config: HandoffConfig): HandoffSettings {
  return {
    staffChatId: config.STAFF_TELEGRAM_CHAT_ID,
    questionsPerHour: config.QUESTIONS_PER_HOUR ?? 3,
    remindAfterMs: (config.QUESTION_REMIND_MINUTES ?? 120) * 60_000,
    answerWithinMinutes: Math.round((config.QUESTION_ANSWER_HOURS ?? 4) * 60),
    relayOutsideHours: config.QUESTION_RELAY_OUTSIDE_HOURS ?? "hold",
    closeIdleMs: (config.QUESTION_CLOSE_IDLE_HOURS ?? 72) * 3_600_000,
    staffLanguage: config.DEFAULT_LANGUAGE ?? "vi",
    giveUpAfterMs: (config.OUTBOX_GIVE_UP_HOURS ?? 24) * 3_600_000,
  };
}
