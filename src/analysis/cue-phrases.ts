import type { Lexicon } from "./lexicon.js";
import { INTENT_NAMES, SECTION_NAMES, type IntentName, type SectionName } from "./names.js";

/** A phrase that asks something: a section cue (a generic frame or not) or an intent phrase. */
export interface CuePhrase {
  text: string;
  section?: SectionName;
  /** A generic frame ("có cần"): decides the section only when no other cue does. */
  generic?: boolean;
  intent?: IntentName;
}

/** Every section cue and intent phrase of the lexicon, for the analyzer and the content audit alike. */
export function cuePhrases(lexicon: Lexicon): CuePhrase[] {
  const sections = SECTION_NAMES.flatMap((section) => [
    ...lexicon.sections[section].map((text) => ({ text, section })),
    ...lexicon.sections.generic[section].map((text) => ({ text, section, generic: true })),
  ]);
  const intents = INTENT_NAMES.flatMap((intent) => lexicon.intents[intent].map((text) => ({ text, intent })));
  return [...sections, ...intents];
}
