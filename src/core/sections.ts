import type { Analysis } from "../analysis/analyzer.js";
import type { Section } from "./types.js";

/**
 * Which part of a procedure a question asks about ("cần giấy tờ gì" → documents). The cues
 * live in content/lexicon/sections.yaml and are tagged by the analyzer together with
 * procedure names, so a longer name ("chi phí mai táng") wins over a shorter cue ("phí")
 * without any list of exceptions.
 */
export interface SectionsAsked {
  /** The section of the longest cue, answered first. */
  section: Section | null;
  /** Other sections asked in the same message, offered as choices after the answer. */
  others: Section[];
}

export function sectionsAsked(analysis: Analysis): SectionsAsked {
  const section = analysis.section;
  return { section, others: analysis.sections.filter((other) => other !== section) };
}
