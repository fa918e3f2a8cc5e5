/**
 * The names the lexicon is keyed by. Kept free of zod: the analyzer runs in the website's
 * in-browser search bundle too.
 */
export const SECTION_NAMES = ["documents", "fees", "time", "steps", "where", "online", "legal"] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/**
 * `progress` ("how far has it got") asks a dossier's status only beside a `dossier` word ("hồ
 * sơ", "hs"); see Analysis.progressOfDossier.
 */
export const INTENT_NAMES = ["help", "subscribe", "unsubscribe", "status", "progress", "dossier"] as const;
export type IntentName = (typeof INTENT_NAMES)[number];
