import { z } from "zod";
import type { ShortCodes } from "./short-codes.js";

/**
 * Schemas for the files in content/. Commune staff edit these files by hand, so every
 * constraint carries a message that says how to fix it.
 */

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-11-20 (YYYY-MM-DD)"));

const nonEmpty = (hint: string) => z.string().trim().min(1, hint);

export const procedureCodeSchema = z
  .string()
  .regex(/^\d\.\d{6}$/, "use the national code from the national public-service portal, e.g. \"1.001193\" (quote it)");

export const topicSchema = z.enum([
  "civil-status",
  "certification",
  "business",
  "social",
  "land",
]);

export const documentSchema = z.object({
  name: nonEmpty("write the document's name"),
  /** original: bản chính; copy: bản sao; present: xuất trình để đối chiếu (not kept). */
  form: z.enum(["original", "copy", "present", "original-or-copy"], {
    error: "form must be one of original, copy, present, original-or-copy",
  }),
  copies: z.number().int().min(1, "copies is at least 1").max(20),
  /** When the document is needed only in some cases. */
  when: z.string().optional(),
  note: z.string().optional(),
});

export const feeSchema = z
  .object({
    /** A national amount in VND; 0 means free. Omit when the province sets it. */
    amount: z.number().int().min(0).optional(),
    /** Who sets the amount: national law, or each province's people's council (HĐND). */
    setBy: z.enum(["national", "province", "none"], {
      error: "setBy must be national, province or none",
    }),
    /** Amounts set by provincial councils, keyed by province name as in office.yaml. */
    byProvince: z.record(z.string(), z.number().int().min(0)).optional(),
    /** The fee explained in words (per copy, per page, when free...). */
    text: nonEmpty("explain the fee in words (lệ phí ...)"),
    exemptions: z.array(z.string()).default([]),
    legal: z.string().optional(),
  })
  .refine((fee) => fee.setBy !== "national" || fee.amount !== undefined, {
    message: "a national fee needs an amount (0 when free)",
    path: ["amount"],
  });

export const timeSchema = z.object({
  /** Working days; omit when the law sets no fixed number (e.g. an annual review). */
  workingDays: z.number().min(0).optional(),
  text: nonEmpty("explain the processing time in words"),
});

export const onlineSchema = z.object({
  level: z.enum(["full", "partial", "none"], { error: "level must be full, partial or none" }),
  url: z.string().url("use a full https:// address").optional(),
  note: z.string().optional(),
});

export const procedureSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "id uses lowercase ASCII words joined by dashes, e.g. dang-ky-khai-sinh"),
    code: procedureCodeSchema,
    name: nonEmpty("write the official procedure name"),
    topic: topicSchema,
    /** Everyday names people use for it ("làm giấy khai sinh", "GKS"); searched like the name. */
    aliases: z.array(z.string()).default([]),
    /** Words that hint at it without naming it ("sinh con", "em bé"); searched with less weight. */
    keywords: z.array(z.string()).default([]),
    audience: nonEmpty("say who the procedure is for"),
    documents: z.array(documentSchema).min(1, "list at least one document (thành phần hồ sơ)"),
    fee: feeSchema,
    time: timeSchema,
    steps: z.array(z.string()).min(1, "list the steps (trình tự thực hiện)"),
    /** Where to file when it differs from the commune desk (e.g. the land registration office). */
    where: z.string().optional(),
    result: z.string().optional(),
    online: onlineSchema,
    legal: z.array(z.string()).min(1, "record the legal basis (căn cứ pháp lý)"),
    source: nonEmpty("say where the facts come from"),
    reviewed: isoDate,
    /** Facts not yet checked against an official source; shown to citizens as a caution. */
    unverified: z.array(z.string()).default([]),
    notes: z.array(z.string()).default([]),
  })
  .strict();

export const officeSchema = z
  .object({
    name: nonEmpty("the desk's name, e.g. Bộ phận Một cửa UBND xã ..."),
    commune: nonEmpty("the commune name"),
    province: nonEmpty("the province name, used to pick provincial fees"),
    address: nonEmpty("the street address of the desk"),
    hours: z.array(z.string()).min(1, "list the opening hours"),
    phone: nonEmpty("a phone number citizens can call"),
    email: z.string().optional(),
    onlinePortal: z.string().url("use a full https:// address"),
    sample: z.boolean().default(false),
    note: z.string().optional(),
  })
  .strict();

/** Places people ask about that this desk does not handle, with where to go instead. */
export const redirectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  phrases: z.array(z.string()).min(1),
  answer: nonEmpty("say where to go instead"),
});

export const synonymsSchema = z
  .object({
    /** Short forms expanded before searching: "gks" → "giấy khai sinh". */
    abbreviations: z.record(z.string(), z.string()).default({}),
    /** Everyday wording mapped to catalog wording: "sổ đỏ" → "giấy chứng nhận quyền sử dụng đất". */
    phrases: z.record(z.string(), z.string()).default({}),
    /** Words that carry no meaning for search ("cho", "tôi", "muốn"). */
    stopwords: z.array(z.string()).default([]),
    outOfScope: z.array(redirectSchema).default([]),
  })
  .strict();

export type ProcedureDocument = z.infer<typeof documentSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type Office = z.infer<typeof officeSchema>;
export type Synonyms = z.infer<typeof synonymsSchema>;
export type Redirect = z.infer<typeof redirectSchema>;
export type Topic = z.infer<typeof topicSchema>;

export interface Catalog {
  procedures: Procedure[];
  office: Office;
  synonyms: Synonyms;
  /** Poster short codes ("TT 12"), from short-codes.yaml; empty when the file is missing. */
  shortCodes: ShortCodes;
}
