import { z } from "zod";
import { fold } from "../../catalog/normalize.js";
import { maskName } from "../mask.js";
import { normalizeReceiptCode } from "../receipt-code.js";
import { readRegisterDate } from "../register-dates.js";
import { asStatus, parseStatus, type DossierStatus } from "../status.js";
import type { DossierData } from "../types.js";
import { REGISTER_FIELDS, type ColumnMap, type RegisterField } from "./columns.js";

/**
 * One register row → DossierData, validated with zod. Each problem is phrased for the staff
 * member who fixes the file: which column, what was found, what is expected.
 */
export type RowResult = { ok: true; data: DossierData } | { ok: false; code: string | null; reason: string };

const text = (max: number) =>
  z.unknown().transform((value) => {
    const cleaned = cellText(value).replace(/\s+/g, " ").trim();
    return cleaned === "" ? null : cleaned.slice(0, max);
  });

const date = z.unknown().transform((value, context) => {
  const read = readRegisterDate(value);
  if (!read.ok) {
    context.addIssue({ code: "custom", message: read.reason });
    return z.NEVER;
  }
  return read.value;
});

function rowSchema(extraStatuses: ReadonlyMap<string, number>) {
  // A register has a handful of distinct status wordings over thousands of rows.
  const statusCache = new Map<string | number, DossierStatus | undefined>();
  return z
    .object({
      code: z.unknown().transform((value, context) => {
        const raw = cellText(value).trim();
        const code = normalizeReceiptCode(raw);
        if (!code) {
          context.addIssue({ code: "custom", message: raw === "" ? "empty" : `"${raw.slice(0, 40)}" is not a receipt code (e.g. 000.00.15.H31-251002-0007)` });
          return z.NEVER;
        }
        return code;
      }),
      status: z.unknown().transform((value, context) => {
        const raw = typeof value === "number" ? value : cellText(value).trim();
        const status = readStatus(raw, extraStatuses, statusCache);
        if (!status) {
          context.addIssue({
            code: "custom",
            message: raw === "" ? "empty" : `"${String(raw).slice(0, 40)}" is not a status (use 1-10 or its wording, e.g. "Đang giải quyết"; a mapping file can add wordings)`,
          });
          return z.NEVER;
        }
        return status;
      }),
      procedureCode: text(40),
      procedureName: text(300),
      applicant: text(200).transform((name) => maskName(name)),
      receivedAt: date,
      dueAt: date,
      resultAt: date,
      returnedAt: date,
      note: text(1_000),
    })
    .superRefine((row, context) => {
      if (row.receivedAt !== null && row.dueAt !== null && dayOf(row.dueAt) < dayOf(row.receivedAt)) {
        context.addIssue({ code: "custom", path: ["dueAt"], message: "is before the received date" });
      }
      if (row.receivedAt !== null && row.resultAt !== null && dayOf(row.resultAt) < dayOf(row.receivedAt)) {
        context.addIssue({ code: "custom", path: ["resultAt"], message: "is before the received date" });
      }
    });
}

export class RowValidator {
  private readonly schema;

  constructor(
    private readonly map: ColumnMap,
    extraStatuses: Record<string, number> = {},
  ) {
    this.schema = rowSchema(new Map(Object.entries(extraStatuses).map(([wording, status]) => [fold(wording), status])));
  }

  /** Undefined for a blank row (skipped without a word). */
  validate(cells: readonly unknown[]): RowResult | undefined {
    if (cells.every((cell) => cellText(cell).trim() === "")) return undefined;
    const raw: Record<string, unknown> = Object.fromEntries(
      REGISTER_FIELDS.map((field) => {
        const index = this.map.columns[field];
        return [field, index === undefined ? null : (cells[index] ?? null)];
      }),
    );
    const parsed = this.schema.safeParse(raw);
    if (parsed.success) return { ok: true, data: parsed.data };
    const reason = parsed.error.issues
      .map((issue) => `${this.columnName(issue.path[0] as RegisterField)}: ${issue.message}`)
      .join("; ");
    return { ok: false, code: normalizeReceiptCode(cellText(raw.code)) ?? null, reason };
  }

  private columnName(field: RegisterField): string {
    return this.map.headers[field] ?? field;
  }
}

function readStatus(raw: string | number, extra: ReadonlyMap<string, number>, cache: Map<string | number, DossierStatus | undefined>): DossierStatus | undefined {
  if (cache.has(raw)) return cache.get(raw);
  const status = (typeof raw === "string" ? asStatus(extra.get(fold(raw)) ?? 0) : undefined) ?? parseStatus(raw);
  if (cache.size < 1_000) cache.set(raw, status);
  return status;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Calendar day in Vietnam, for comparing dates given with and without a time. */
function dayOf(instant: number): number {
  return Math.floor((instant + 7 * 3_600_000) / 86_400_000);
}
