import { fold } from "./normalize.js";
import type {
  FeeTable,
  OnlineReduction,
  Procedure,
  ProvincialFee,
  ProvincialFees,
  Resolution,
} from "./schema.js";

/**
 * Provincial fee tables: which table the office uses, what it says for one procedure, and
 * which of its amounts are in force on a given day. Amounts live in content/fees/, never in
 * code, so a second province or a new resolution is a data change.
 */

/** One problem found across the fee tables and the procedures they name. */
export interface FeeTableIssue {
  file: string;
  field: string;
  message: string;
  hint: string;
}

/** Province names compare without case, diacritics or a leading "Thành phố"/"Tỉnh". */
export function sameProvince(a: string, b: string): boolean {
  return provinceKey(a) === provinceKey(b);
}

function provinceKey(name: string): string {
  return fold(name).replace(/^(thanh pho|tinh|tp) /, "");
}

export function tableFor(tables: readonly FeeTable[], province: string): FeeTable | null {
  return tables.find((table) => sameProvince(table.province, province)) ?? null;
}

/** The table's rows for one procedure, each with its resolution; undefined when it has none. */
export function provincialFeesOf(table: FeeTable, procedure: Procedure): ProvincialFees | undefined {
  const resolutions = new Map(table.resolutions.map((resolution) => [resolution.id, resolution]));
  const fees: ProvincialFee[] = table.fees
    .filter((row) => row.code === procedure.code)
    .flatMap((row) => {
      const resolution = resolutions.get(row.resolution);
      return resolution ? [{ label: row.label, amount: row.amount, per: row.per, note: row.note, resolution }] : [];
    });
  const online: OnlineReduction[] = table.onlineFiling
    .filter((row) => row.codes?.includes(procedure.code) || row.topics?.includes(procedure.topic))
    .flatMap((row) => {
      const resolution = resolutions.get(row.resolution);
      return resolution ? [{ reductionPercent: row.reductionPercent, note: row.note, resolution }] : [];
    });
  if (fees.length === 0 && online.length === 0) return undefined;
  return { province: table.province, fees, online };
}

/** Whether a resolution applies on `day` (YYYY-MM-DD); one without a known start counts as in force. */
export function inForce(resolution: Resolution, day: string): boolean {
  return (resolution.effective === undefined || resolution.effective <= day) && (resolution.until === undefined || day < resolution.until);
}

export function upcoming(resolution: Resolution, day: string): boolean {
  return resolution.effective !== undefined && resolution.effective > day;
}

/** What a card shows on `day`: amounts in force, amounts announced for later, online reductions in force. */
export function feesOn(fees: ProvincialFees, day: string) {
  return {
    current: fees.fees.filter((fee) => inForce(fee.resolution, day)),
    later: fees.fees.filter((fee) => upcoming(fee.resolution, day)),
    online: fees.online.filter((reduction) => inForce(reduction.resolution, day)),
  };
}

/** Today's date in Vietnam (UTC+7), as YYYY-MM-DD: the day fees and dated notes are judged on. */
export function vietnamToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * Rules that span a table and the procedures: resolution ids unique and referenced ones
 * present, every code a procedure file with a provincial fee, no two versions of one amount
 * in force on the same day, one table per province.
 */
export function checkFeeTables(tables: ReadonlyArray<{ file: string; table: FeeTable }>, procedures: readonly Procedure[]): FeeTableIssue[] {
  const issues: FeeTableIssue[] = [];
  const byCode = new Map(procedures.map((procedure) => [procedure.code, procedure]));
  const provinces = new Map<string, string>();
  for (const { file, table } of tables) {
    const owner = provinces.get(provinceKey(table.province));
    if (owner) issues.push({ file, field: "province", message: `${table.province} already has a fee table (${owner})`, hint: "keep one file per province" });
    provinces.set(provinceKey(table.province), file);
    const ids = new Set<string>();
    table.resolutions.forEach((resolution, index) => {
      if (ids.has(resolution.id)) issues.push({ file, field: `resolutions.${index}.id`, message: `id "${resolution.id}" is used twice`, hint: "give each resolution its own id" });
      ids.add(resolution.id);
    });
    table.fees.forEach((row, index) => {
      const field = `fees.${index}`;
      if (!ids.has(row.resolution)) issues.push({ file, field: `${field}.resolution`, message: `no resolution with id "${row.resolution}"`, hint: "add it under resolutions or fix the id" });
      const procedure = byCode.get(row.code);
      if (!procedure) issues.push({ file, field: `${field}.code`, message: `no procedure has code ${row.code}`, hint: "fix the code or add the procedure file" });
      else if (procedure.fee.setBy !== "province") {
        issues.push({ file, field: `${field}.code`, message: `${row.code} says its fee is set by "${procedure.fee.setBy}", not the province`, hint: "set fee.setBy: province in the procedure file or remove this row" });
      }
    });
    table.onlineFiling.forEach((row, index) => {
      if (!ids.has(row.resolution)) issues.push({ file, field: `onlineFiling.${index}.resolution`, message: `no resolution with id "${row.resolution}"`, hint: "add it under resolutions or fix the id" });
      for (const code of row.codes ?? []) {
        if (!byCode.has(code)) issues.push({ file, field: `onlineFiling.${index}.codes`, message: `no procedure has code ${code}`, hint: "fix the code or add the procedure file" });
      }
    });
    issues.push(...overlaps(file, table));
  }
  return issues;
}

/** Two rows for the same amount (code and label) whose resolutions are in force at the same time. */
function overlaps(file: string, table: FeeTable): FeeTableIssue[] {
  const resolutions = new Map(table.resolutions.map((resolution) => [resolution.id, resolution]));
  const issues: FeeTableIssue[] = [];
  table.fees.forEach((row, index) => {
    for (let other = 0; other < index; other++) {
      const earlier = table.fees[other]!;
      if (earlier.code !== row.code || (earlier.label ?? "") !== (row.label ?? "")) continue;
      const a = resolutions.get(earlier.resolution);
      const b = resolutions.get(row.resolution);
      if (a && b && periodsOverlap(a, b)) {
        issues.push({
          file,
          field: `fees.${index}`,
          message: `${row.code}${row.label ? ` (${row.label})` : ""} has two amounts in force at the same time (rows ${other} and ${index})`,
          hint: "give the older resolution an until date, or give the rows different labels",
        });
      }
    }
  });
  return issues;
}

function periodsOverlap(a: Resolution, b: Resolution): boolean {
  const startA = a.effective ?? "0000-00-00";
  const startB = b.effective ?? "0000-00-00";
  const endA = a.until ?? "9999-99-99";
  const endB = b.until ?? "9999-99-99";
  return startA < endB && startB < endA;
}
