import type { Language } from "../types.js";
import { en } from "./en.js";
import type { Messages } from "./types.js";
import { vi } from "./vi.js";

export type { Messages } from "./types.js";

const catalogs: Record<Language, Messages> = { vi, en };

export function messagesFor(language: Language): Messages {
  return catalogs[language];
}
