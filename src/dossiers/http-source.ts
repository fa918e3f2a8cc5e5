import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { maskName } from "./mask.js";
import { normalizeReceiptCode } from "./receipt-code.js";
import { readRegisterDate } from "./register-dates.js";
import { asStatus, parseStatus } from "./status.js";
import type { DossierData } from "./types.js";

/**
 * A provincial one-stop system answering "dossier by code" over HTTP. Configured by a URL
 * template ("https://motcua.example.gov.vn/api/hoso?ma={code}"), an optional auth header and
 * a response mapping (where each field is in the JSON answer; the national exchange's names by
 * default). Every call has a timeout; answers are cached briefly so a citizen asking twice, or
 * many followers of one dossier, cost one request.
 */
export const responseMappingSchema = z.strictObject({
  /** Path to the dossier object in the answer ("data", "result.items.0"); an array yields its first item. Default: the answer itself, or its "data". */
  root: z.string().optional(),
  code: z.string().default("MaHoSo"),
  procedureCode: z.string().default("MaTTHC"),
  procedureName: z.string().default("TenTTHC"),
  applicant: z.string().default("ChuHoSo"),
  receivedAt: z.string().default("NgayTiepNhan"),
  dueAt: z.string().default("NgayHenTra"),
  status: z.string().default("TrangThaiHoSo"),
  resultAt: z.string().default("NgayKetThucXuLy"),
  returnedAt: z.string().default("NgayTra"),
  note: z.string().default("GhiChu"),
  /** Extra status wordings of this system → national code. */
  statuses: z.record(z.string(), z.number().int().min(1).max(10)).default({}),
});
export type ResponseMapping = z.infer<typeof responseMappingSchema>;

export type FetchResult =
  | { kind: "found"; data: DossierData }
  | { kind: "unknown" }
  | { kind: "unavailable"; reason: "timeout" | "network" | "status" | "format" };

export interface HttpSourceOptions {
  urlTemplate: string;
  /** "Authorization: Bearer …" or "X-Api-Key: …"; never logged. */
  authHeader?: string;
  mapping?: ResponseMapping;
  timeoutMs?: number;
  cacheMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const MAX_CACHED = 2_000;
const MAX_BODY = 1_000_000;

export class HttpDossierSource {
  private readonly cache = new Map<string, { until: number; result: FetchResult }>();
  private readonly mapping: ResponseMapping;
  private readonly header: [string, string] | undefined;

  constructor(private readonly options: HttpSourceOptions) {
    this.mapping = options.mapping ?? responseMappingSchema.parse({});
    this.header = options.authHeader ? splitHeader(options.authHeader) : undefined;
  }

  /** A cached answer when fresh; `fresh: true` always asks (the poller). */
  async fetchDossier(code: string, { fresh = false } = {}): Promise<FetchResult> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(code);
    if (!fresh && cached && cached.until > now) return cached.result;
    const result = await this.request(code);
    if (result.kind !== "unavailable") this.remember(code, result, now);
    return result;
  }

  private async request(code: string): Promise<FetchResult> {
    const url = this.options.urlTemplate.replace(/\{code\}/g, encodeURIComponent(code));
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        headers: { accept: "application/json", ...(this.header ? { [this.header[0]]: this.header[1] } : {}) },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 4_000),
        redirect: "error",
      });
    } catch (error) {
      const name = (error as Error).name;
      return { kind: "unavailable", reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : "network" };
    }
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: "unknown" };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: "unavailable", reason: "status" };
    }
    let body: unknown;
    try {
      const text = await response.text();
      if (text.length > MAX_BODY) return { kind: "unavailable", reason: "format" };
      body = text.trim() === "" ? null : JSON.parse(text);
    } catch (error) {
      const name = (error as Error).name;
      return { kind: "unavailable", reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : "format" };
    }
    return this.map(code, body);
  }

  /** The answer's dossier, only if it is the one asked for: a system that searches loosely must not show a stranger's. */
  private map(code: string, body: unknown): FetchResult {
    const mapping = this.mapping;
    let record = mapping.root !== undefined ? pick(body, mapping.root) : body;
    if (mapping.root === undefined && isObject(record) && !(mapping.code in record) && "data" in record) record = record.data;
    if (Array.isArray(record)) record = record.find((item) => normalizeReceiptCode(String(pick(item, mapping.code) ?? "")) === code);
    if (!isObject(record)) return { kind: "unknown" };
    const foundCode = normalizeReceiptCode(String(pick(record, mapping.code) ?? ""));
    if (foundCode !== code) return { kind: "unknown" };
    const rawStatus = pick(record, mapping.status);
    const extra = typeof rawStatus === "string" ? mapping.statuses[rawStatus.trim()] : undefined;
    const status = asStatus(extra ?? 0) ?? parseStatus(rawStatus);
    if (!status) return { kind: "unavailable", reason: "format" };
    const date = (path: string) => {
      const read = readRegisterDate(pick(record, path) ?? null);
      return read.ok ? read.value : null;
    };
    const text = (path: string, max: number) => {
      const value = pick(record, path);
      return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : typeof value === "number" ? String(value) : null;
    };
    return {
      kind: "found",
      data: {
        code,
        procedureCode: text(mapping.procedureCode, 40),
        procedureName: text(mapping.procedureName, 300),
        applicant: maskName(text(mapping.applicant, 200)),
        receivedAt: date(mapping.receivedAt),
        dueAt: date(mapping.dueAt),
        status,
        resultAt: date(mapping.resultAt),
        returnedAt: date(mapping.returnedAt),
        note: text(mapping.note, 1_000),
      },
    };
  }

  private remember(code: string, result: FetchResult, now: number): void {
    const cacheMs = this.options.cacheMs ?? 60_000;
    if (cacheMs <= 0) return;
    this.cache.delete(code);
    this.cache.set(code, { until: now + cacheMs, result });
    // Maps keep insertion order: the first key is the oldest.
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** DOSSIER_HTTP_MAPPING: inline JSON, or a path to a JSON or YAML file. */
export function readResponseMapping(value: string | undefined): ResponseMapping {
  if (!value) return responseMappingSchema.parse({});
  const text = value.trim().startsWith("{") ? value : readFileSync(value, "utf8");
  return responseMappingSchema.parse(parseYaml(text) ?? {});
}

function splitHeader(header: string): [string, string] {
  const index = header.indexOf(":");
  if (index <= 0) return ["authorization", header.trim()];
  return [header.slice(0, index).trim().toLowerCase(), header.slice(index + 1).trim()];
}

function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".").filter(Boolean)) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
