import type { Lexicon } from "./lexicon.js";

/** A lexicon with no words: search still works, sections and markers are simply not found. */
export function emptyLexicon(): Lexicon {
  const none = (): string[] => [];
  const noSections = () => ({ documents: none(), fees: none(), time: none(), steps: none(), where: none(), online: none(), legal: none() });
  return {
    sections: { ...noSections(), generic: noSections() },
    markers: { discourse: none(), greetings: none(), politeness: none(), questions: none() },
    regional: {},
    intents: { help: none(), helpFiller: none(), subscribe: none(), unsubscribe: none(), status: none(), progress: none(), dossier: none() },
  };
}
