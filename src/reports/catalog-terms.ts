import { fold } from "../catalog/normalize.js";
import type { Catalog } from "../catalog/schema.js";
import type { ProcedureNames } from "./report.js";

/** Single-word stopwords of the catalog, folded: filler words that do not make wordings different. */
export function stopwordsOf(catalog: Catalog): string[] {
  return catalog.synonyms.stopwords.map(fold).filter((word) => word !== "" && !word.includes(" "));
}

/** Procedure names and codes by id, for the report. */
export function namesOf(catalog: Catalog): ProcedureNames {
  const byId = new Map(catalog.procedures.map((procedure) => [procedure.id, { name: procedure.name, code: procedure.code }]));
  return { nameOf: (id) => byId.get(id) };
}
