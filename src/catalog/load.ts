import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { ZodType } from "zod";
import { checkFeeTables, provincialFeesOf, tableFor } from "./fees.js";
import {
  feeTableSchema,
  officeSchema,
  procedureSchema,
  synonymsSchema,
  type Catalog,
  type FeeTable,
  type Office,
  type Procedure,
  type Synonyms,
} from "./schema.js";
import { emptyLexicon, LEXICON_DIR, LEXICON_FILES, lexiconSchema, type Lexicon } from "../analysis/lexicon.js";
import { ShortCodes, SHORT_CODES_FILE, shortCodeFileIssues, shortCodesFileSchema } from "./short-codes.js";

/** One problem in one content file, phrased for the commune staff member who edits it. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
  hint: string;
}

/** Thrown when content/ cannot be used; `issues` lists every problem, not just the first. */
export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(`content is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${formatIssues(issues)}`);
    this.name = "ContentError";
  }
}

export function formatIssues(issues: ContentIssue[]): string {
  return issues
    .map((issue) => `- ${issue.file}: ${issue.field}: ${issue.message}${issue.hint ? ` (fix: ${issue.hint})` : ""}`)
    .join("\n");
}

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ContentIssue[] };

async function readYaml(path: string, label: string): Promise<Parsed<unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return fail(label, "(file)", "cannot be read", "check that the file exists and is readable");
  }
  try {
    return { ok: true, value: parseYaml(text) as unknown };
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : "(file)";
    const message = error instanceof Error ? error.message.split("\n")[0] ?? "invalid YAML" : "invalid YAML";
    return fail(label, where, message, "check indentation and quote values that contain a colon");
  }
}

function fail(file: string, field: string, message: string, hint: string): { ok: false; issues: ContentIssue[] } {
  return { ok: false, issues: [{ file, field, message, hint }] };
}

function validate<T>(schema: ZodType<T>, data: unknown, label: string): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      file: label,
      field: issue.path.length > 0 ? issue.path.join(".") : "(top level)",
      message: issue.message,
      hint: hintFor(issue.code, issue.message),
    })),
  };
}

function hintFor(code: string, message: string): string {
  if (code === "unrecognized_keys") return "remove or rename the key; see src/catalog/schema.ts for allowed fields";
  if (code === "invalid_type" && message.includes("undefined")) return "add this field";
  if (code === "invalid_type") return "use the kind of value shown (text, number, list)";
  // Custom schema messages already say how to fix the value.
  return code === "custom" || code === "invalid_format" || code === "too_small" ? "" : "see the field list in README, section Content";
}

async function loadFile<T>(dir: string, name: string, schema: ZodType<T>): Promise<Parsed<T>> {
  const raw = await readYaml(join(dir, name), name);
  return raw.ok ? validate(schema, raw.value, name) : raw;
}

/** The YAML files of one content folder, sorted; null when the folder does not exist. */
async function yamlFiles(dir: string, folder: string): Promise<string[] | null> {
  try {
    return (await readdir(join(dir, folder))).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return null;
  }
}

async function loadFolder<T>(dir: string, folder: string, schema: ZodType<T>): Promise<{ items: Array<{ file: string; value: T }>; issues: ContentIssue[] }> {
  const items: Array<{ file: string; value: T }> = [];
  const issues: ContentIssue[] = [];
  for (const name of (await yamlFiles(dir, folder)) ?? []) {
    const file = relative(dir, join(dir, folder, name));
    const parsed = await loadFile(dir, join(folder, name), schema);
    if (parsed.ok) items.push({ file, value: parsed.value });
    else issues.push(...parsed.issues.map((issue) => ({ ...issue, file })));
  }
  return { items, issues };
}

async function loadProcedures(dir: string): Promise<{ procedures: Procedure[]; issues: ContentIssue[] }> {
  const names = await yamlFiles(dir, "procedures");
  if (names === null) {
    return { procedures: [], issues: fail("procedures/", "(folder)", "folder is missing", "create content/procedures with one YAML file per procedure").issues };
  }
  const { items, issues } = await loadFolder(dir, "procedures", procedureSchema);
  const procedures: Procedure[] = items.map((item) => item.value);
  if (names.length === 0) issues.push(...fail("procedures/", "(folder)", "no procedure files", "add at least one .yaml file").issues);
  return { procedures, issues: [...issues, ...crossChecks(procedures)] };
}

/** content/fees/ is optional: without a table for its province, cards say the desk has the amount. */
async function loadFeeTables(dir: string): Promise<{ tables: Array<{ file: string; table: FeeTable }>; issues: ContentIssue[] }> {
  const { items, issues } = await loadFolder(dir, "fees", feeTableSchema);
  return { tables: items.map(({ file, value }) => ({ file, table: value })), issues };
}

/** Rules that span files: ids and codes must be unique so links and receipts stay stable. */
function crossChecks(procedures: Procedure[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const seenIds = new Map<string, string>();
  const seenCodes = new Map<string, string>();
  for (const procedure of procedures) {
    const label = `procedures/${procedure.code}`;
    const idOwner = seenIds.get(procedure.id);
    if (idOwner) issues.push({ file: label, field: "id", message: `id "${procedure.id}" is also used by ${idOwner}`, hint: "give each procedure its own id" });
    const codeOwner = seenCodes.get(procedure.code);
    if (codeOwner) issues.push({ file: label, field: "code", message: `code ${procedure.code} is also used by ${codeOwner}`, hint: "one file per national code" });
    seenIds.set(procedure.id, procedure.code);
    seenCodes.set(procedure.code, procedure.id);
  }
  return issues;
}

/** The poster short codes; a missing file means none yet (content:check then lists what to add). */
async function loadShortCodes(dir: string): Promise<Parsed<ShortCodes>> {
  if (!existsSync(join(dir, SHORT_CODES_FILE))) return { ok: true, value: ShortCodes.empty() };
  const parsed = await loadFile(dir, SHORT_CODES_FILE, shortCodesFileSchema);
  if (!parsed.ok) return parsed;
  const issues = shortCodeFileIssues(parsed.value);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: ShortCodes.fromFile(parsed.value) };
}

/** content/lexicon/*.yaml; a missing file means none of its words yet. */
async function loadLexicon(dir: string): Promise<Parsed<Lexicon>> {
  const parts: Record<string, unknown> = {};
  const issues: ContentIssue[] = [];
  for (const [key, file] of Object.entries(LEXICON_FILES)) {
    const path = join(dir, LEXICON_DIR, file);
    if (!existsSync(path)) continue;
    const parsed = await loadFile<unknown>(dir, join(LEXICON_DIR, file), lexiconSchema.shape[key as keyof typeof LEXICON_FILES] as ZodType<unknown>);
    if (parsed.ok) parts[key] = parsed.value;
    else issues.push(...parsed.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { ...emptyLexicon(), ...parts } as Lexicon };
}

/** Loads and validates all of content/; throws ContentError listing every problem found. */
export async function loadCatalog(dir: string): Promise<Catalog> {
  const [office, synonyms, shortCodes, { procedures, issues }, fees, lexicon] = await Promise.all([
    loadFile<Office>(dir, "office.yaml", officeSchema),
    loadFile<Synonyms>(dir, "synonyms.yaml", synonymsSchema),
    loadShortCodes(dir),
    loadProcedures(dir),
    loadFeeTables(dir),
    loadLexicon(dir),
  ]);
  const all = [
    ...(lexicon.ok ? [] : lexicon.issues),
    ...(office.ok ? [] : office.issues),
    ...(synonyms.ok ? [] : synonyms.issues),
    ...(shortCodes.ok ? [] : shortCodes.issues),
    ...issues,
    ...fees.issues,
    ...checkFeeTables(fees.tables, procedures),
  ];
  if (!office.ok || !synonyms.ok || !shortCodes.ok || !lexicon.ok || all.length > 0) throw new ContentError(all);
  const feeTables = fees.tables.map(({ table }) => table);
  const feeTable = tableFor(feeTables, office.value.province);
  return {
    office: office.value,
    synonyms: synonyms.value,
    lexicon: lexicon.value,
    procedures: feeTable ? procedures.map((procedure) => withProvincialFees(procedure, feeTable)) : procedures,
    shortCodes: shortCodes.value,
    feeTables,
    feeTable,
  };
}

function withProvincialFees(procedure: Procedure, table: FeeTable): Procedure {
  const provincialFees = provincialFeesOf(table, procedure);
  return provincialFees ? { ...procedure, provincialFees } : procedure;
}
