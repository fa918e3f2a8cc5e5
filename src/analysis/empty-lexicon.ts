import type { Lexicon } from "./lexicon.js";
import { INTENT_NAMES, SECTION_NAMES } from "./names.js";

/** A lexicon with no words: search still works, sections and markers are simply not found. */
export function emptyLexicon(): Lexicon {
  const none = (): string[] => [];
  const noSections = () => Object.fromEntries(SECTION_NAMES.map((name) => [name, none()])) as Lexicon["sections"]["generic"];
  return {
    sections: { ...noSections(), generic: noSections() },
    markers: { discourse: none(), greetings: none(), politeness: none(), questions: none(), asking: none(), endings: none(), places: none(), negations: none(), unsure: none(), refusals: none(), purposes: none(), bringing: none(), papers: none(), counters: none() },
    regional: {},
    intents: { ...(Object.fromEntries(INTENT_NAMES.map((name) => [name, none()])) as Omit<Lexicon["intents"], "helpFiller">), helpFiller: none() },
  };
}
