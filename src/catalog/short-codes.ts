import { z } from "zod";
import type { ContentIssue } from "./load.js";
import { topicSchema, type Procedure } from "./schema.js";

/**
 * Short codes ("TT 12") printed on posters: a citizen sends one to the bot on Zalo, which has
 * no start payload, or on Telegram, and gets that procedure's card. They live in
 * content/short-codes.yaml as number → procedure id. A printed code must keep meaning the same
 * procedure for as long as the poster hangs, so numbers are only ever added: never changed,
 * never reused (a removed procedure's number moves to `retired`).
 */

export const SHORT_CODES_FILE = "short-codes.yaml";
/** "TT" for thủ tục; fixed, because it is printed. */
export const SHORT_CODE_PREFIX = "TT";
export const MAX_SHORT_CODE = 9_999;

const numberKey = z
  .string()
  .regex(/^[1-9]\d{0,3}$/, `a short code is a number from 1 to ${MAX_SHORT_CODE} (12 for ${SHORT_CODE_PREFIX} 12)`);
const procedureId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "write the procedure's id exactly as in its file (id: ...)");
// An empty YAML section ("retired:") reads as null.
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? {}, schema);

export const shortCodesFileSchema = z
  .object({
    /** Number → id of the procedure it opens. */
    codes: orEmpty(z.record(numberKey, procedureId)),
    /** Numbers once printed for procedures that no longer exist: kept so nobody reuses them. */
    retired: orEmpty(z.record(numberKey, z.string())),
  })
  .strict();

export type ShortCodesFile = z.infer<typeof shortCodesFileSchema>;

/** The registry, read-only: lookups both ways. */
export class ShortCodes {
  private readonly byProcedure = new Map<string, number>();

  constructor(
    readonly codes: ReadonlyMap<number, string>,
    readonly retired: ReadonlyMap<number, string> = new Map(),
  ) {
    // Lowest number wins if an id is listed twice (content:check reports it).
    for (const [number, id] of [...codes].sort(([a], [b]) => a - b)) {
      if (!this.byProcedure.has(id)) this.byProcedure.set(id, number);
    }
  }

  static empty(): ShortCodes {
    return new ShortCodes(new Map());
  }

  static fromFile(file: ShortCodesFile): ShortCodes {
    const toMap = (record: Record<string, string>) => new Map(Object.entries(record).map(([key, id]) => [Number(key), id]));
    return new ShortCodes(toMap(file.codes), toMap(file.retired));
  }

  /** The id of the procedure a number opens, if it is in use. */
  procedureIdOf(number: number): string | undefined {
    return this.codes.get(number);
  }

  numberOf(procedureId: string): number | undefined {
    return this.byProcedure.get(procedureId);
  }

  /** "TT 12" for a procedure, or undefined when it has none yet. */
  labelOf(procedureId: string): string | undefined {
    const number = this.numberOf(procedureId);
    return number === undefined ? undefined : formatShortCode(number);
  }

  /** The next free number: after every number ever used, live or retired. */
  nextNumber(): number {
    return Math.max(0, ...this.codes.keys(), ...this.retired.keys()) + 1;
  }
}

export function formatShortCode(number: number): string {
  return `${SHORT_CODE_PREFIX} ${number}`;
}

/** Problems inside the file itself, which make the content invalid. */
export function shortCodeFileIssues(file: ShortCodesFile): ContentIssue[] {
  return Object.keys(file.codes)
    .filter((key) => key in file.retired)
    .map((key) => ({
      file: SHORT_CODES_FILE,
      field: `codes.${key}`,
      message: `${formatShortCode(Number(key))} is both in use and retired`,
      hint: "a retired number stays retired: remove it from codes and give the procedure a new number with npm run content -- short-codes",
    }));
}

/**
 * Mismatches between the registry and the procedures: a procedure without a code, a code for
 * an id that no longer exists, an id listed twice. The bot still runs (search still finds
 * those procedures), but posters cannot be printed for them, so content:check fails.
 */
export function shortCodeProblems(procedures: readonly Procedure[], registry: ShortCodes): ContentIssue[] {
  const ids = new Set(procedures.map((procedure) => procedure.id));
  const issues: ContentIssue[] = [];
  const seen = new Map<string, number>();
  for (const [number, id] of [...registry.codes].sort(([a], [b]) => a - b)) {
    const field = `codes.${number}`;
    if (!ids.has(id)) {
      issues.push({
        file: SHORT_CODES_FILE,
        field,
        message: `${formatShortCode(number)} opens "${id}", but no procedure has that id`,
        hint: `if the procedure's id was changed, write the new id here and keep the number; if it was removed, move "${number}: ${id}" under retired`,
      });
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({
        file: SHORT_CODES_FILE,
        field,
        message: `"${id}" already has ${formatShortCode(first)}`,
        hint: `keep one number per procedure: move "${number}: ${id}" under retired`,
      });
    } else seen.set(id, number);
  }
  for (const procedure of procedures) {
    if (registry.numberOf(procedure.id) !== undefined) continue;
    issues.push({
      file: `procedures/${procedure.code}`,
      field: "id",
      message: `procedure "${procedure.id}" has no short code for posters and chat`,
      hint: "run npm run content -- short-codes, which adds the next free numbers and never changes existing ones",
    });
  }
  return issues;
}

/**
 * Numbers for the procedures that have none, continuing after every number ever used, in a
 * fixed order (topic as in the schema, then national code), so the same content always gets
 * the same numbers.
 */
export function missingShortCodes(procedures: readonly Procedure[], registry: ShortCodes): Array<{ number: number; procedure: Procedure }> {
  const topicOrder = new Map<string, number>(topicSchema.options.map((topic, index) => [topic, index]));
  const missing = procedures
    .filter((procedure) => registry.numberOf(procedure.id) === undefined)
    .sort((a, b) => (topicOrder.get(a.topic) ?? 0) - (topicOrder.get(b.topic) ?? 0) || a.code.localeCompare(b.code));
  let next = registry.nextNumber();
  return missing.map((procedure) => ({ number: next++, procedure }));
}
