import { z } from "zod";
import { INTENT_NAMES, SECTION_NAMES } from "./names.js";

export { INTENT_NAMES, SECTION_NAMES, type IntentName, type SectionName } from "./names.js";

/**
 * The words the analyzer knows besides the catalog's own names: question shapes that point
 * at a section, discourse markers, greetings and politeness, regional and shorthand
 * spellings. Kept in content/lexicon/ so staff can add a word without touching code.
 */
const phrases = z.array(z.string().trim().min(1, "an empty phrase matches nothing: remove it")).default([]);

const oneWord = z.string().trim().regex(/^[^\s]+$/, "one word per entry: a list of single words");
/** Single words; `{ word: chả, withMarks: true }` counts only as typed with its marks (a bare "cha" is father). */
const words = z
  .array(z.union([oneWord, z.object({ word: oneWord, withMarks: z.literal(true) }).strict()], { error: 'write "- word", or "- { word: chả, withMarks: true }"' }))
  .default([]);

const perSection = z.object(Object.fromEntries(SECTION_NAMES.map((name) => [name, phrases])) as Record<(typeof SECTION_NAMES)[number], typeof phrases>).strict();

/**
 * content/lexicon/sections.yaml: section → the phrases that ask about it. `generic` holds
 * question frames that say little on their own ("có cần … không", "làm sao"): they decide the
 * section only when no other cue does ("có cần hai vợ chồng cùng lên không" asks the steps).
 */
export const sectionCuesSchema = perSection.extend({ generic: perSection.prefault({}) }).strict();

/** content/lexicon/markers.yaml: words that shape a message but name nothing. */
export const markersSchema = z
  .object({
    /** "còn", "thế còn": turn the talk to another part of the same procedure; only at the start of a clause. */
    discourse: phrases,
    /** "em chào anh chị", "bot ơi". */
    greetings: phrases,
    /** "ạ", "dạ", "cho em hỏi", "em cảm ơn". */
    politeness: phrases,
    /**
     * Question words that name nothing ("răng", "mô", "chi"): never searched on their own. A
     * regional one is still read as its standard word, so "làm răng" asks like "làm sao".
     */
    questions: phrases,
    /** Words that make a section cue a question ("ở đâu", "mất mấy ngày"): its clause asks (see README, "The clause that asks"). */
    asking: phrases,
    /** Words that end a clause as a question ("… có tốn tiền hông", "… xong chưa"). */
    endings: phrases,
    /**
     * Provinces and cities ("cà mau", "bình dương"): where the resident lives or comes from, never
     * what is searched. A foreign country is in synonyms.yaml (`foreign`), not here.
     */
    places: phrases,
    /** Words that deny what follows ("không muốn ra tòa", "chưa có căn cước"): a denied topic is the story's condition. */
    negations: words,
    /** Words after a denial that make it a question ("không biết làm hộ chiếu ở đâu", "chả hiểu …"). */
    unsure: words,
    /** Words that refuse what follows ("đừng báo tin nữa", "thôi nhận tin"): a refused subscription unsubscribes. */
    refusals: words,
    /** Words that say what something is for ("để nộp hồ sơ nhập học", Southern "đặng"). */
    purposes: words,
    /** Words that bring a paper along ("mang", "đem"): a paper right after a documents cue holding one is a paper to bring. */
    bringing: words,
    /** First words of a paper rather than of an errand ("có cần giấy khai sinh", "bản sao", "sổ"). */
    papers: words,
    /** Counting words that may stand between a verb and its paper ("công chứng 2 bản căn cước", "cái"); numbers always count. */
    counters: words,
  })
  .strict();

const standardWords = z.string().trim().min(1);

/**
 * A spelling that, typed without its marks, is a common standard word: "chừ" is "giờ", but a bare
 * "chu" is as often "chữ" (chữ ký), and a bare "dia" is "địa" (địa chỉ). Only its typed marks read it.
 */
const marksRequired = z.object({ as: standardWords, withMarks: z.literal(true) }).strict();

/**
 * content/lexicon/regional.yaml: a regional, Southern/Central or shorthand spelling → the standard
 * word, or `{as: word, withMarks: true}` for one that counts only as typed with its marks.
 */
export const regionalSchema = z.record(
  z.string().trim().min(1),
  z.union([standardWords, marksRequired], { error: 'write "word: standard words", or "word: { as: standard words, withMarks: true }"' }),
);


/** content/lexicon/intents.yaml: phrases that say what a message wants besides a procedure. */
export const intentPhrasesSchema = z
  .object({
    help: phrases,
    /** Words that may surround a help phrase and still leave the message a greeting ("bot ơi giúp mình với"). */
    helpFiller: phrases,
    subscribe: phrases,
    unsubscribe: phrases,
    status: phrases,
    /** "tới đâu rồi", "bước nào": asks how far something has got; a status question when the message mentions a dossier. */
    progress: phrases,
    /** "hồ sơ", "hs": a dossier, whose progress a `progress` phrase then asks about. */
    dossier: phrases,
  })
  .strict();

export const lexiconSchema = z.object({
  sections: sectionCuesSchema,
  markers: markersSchema,
  regional: regionalSchema,
  intents: intentPhrasesSchema,
});

export type Lexicon = z.infer<typeof lexiconSchema>;

export const LEXICON_DIR = "lexicon";
export const LEXICON_FILES = { sections: "sections.yaml", markers: "markers.yaml", regional: "regional.yaml", intents: "intents.yaml" } as const;

export { emptyLexicon } from "./empty-lexicon.js";
