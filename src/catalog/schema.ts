import { z } from "zod";
import type { Lexicon } from "../analysis/lexicon.js";
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

/** The national code, as on the national public-service portal: "1.001193". */
export const NATIONAL_CODE = /^\d\.\d{6}$/;
/** A code for a procedure whose national code could not be confirmed: "LOCAL-001". */
export const LOCAL_CODE = /^LOCAL-\d{3}$/;

export const procedureCodeSchema = z
  .string()
  .refine(
    (code) => NATIONAL_CODE.test(code) || LOCAL_CODE.test(code),
    'use the national code from the national public-service portal, e.g. "1.001193" (quote it); when it is not known, a local code "LOCAL-001" with codeUnverified saying so',
  );

export function isLocalCode(code: string): boolean {
  return LOCAL_CODE.test(code);
}

export const topicSchema = z.enum([
  "civil-status",
  "certification",
  "business",
  "social",
  "merit",
  "land",
  "construction",
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
    /**
     * Who sets the amount: national law, or each province's people's council (HĐND); none when
     * nothing is charged; unknown when even who sets it is not confirmed (the card says so).
     */
    setBy: z.enum(["national", "province", "none", "unknown"], {
      error: "setBy must be national, province, none or unknown",
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

/**
 * A note shown on the card, optionally only within dates: a law that changes the procedure on
 * a known day gets one note until that day ("from 1 March 2027 …") and another from it.
 * A plain string is a note without dates.
 */
/**
 * The answer sections a caution concerns. A caution with sections is shown on those sections'
 * answers and on the full card only (a fees answer does not repeat a caution about documents);
 * one without sections concerns the whole procedure and is shown with every answer.
 */
const cautionSections = z.array(z.enum(["documents", "fees", "time", "steps", "where", "online", "legal"])).min(1, "name at least one section, or leave sections out").optional();

/** A fact not yet checked against an official source: a plain string, or text with sections. */
export const unverifiedSchema = z.preprocess(
  // A plain string is read as its text, so that a mistake in either form is reported on its field.
  (item) => (typeof item === "string" ? { text: item } : item),
  z.object({ text: nonEmpty("write what is not verified"), sections: cautionSections }).strict(),
);

export const noteSchema = z
  .union([
    z.string().trim().min(1, "write the note"),
    z
      .object({
        text: nonEmpty("write the note"),
        /** First day the note applies (YYYY-MM-DD). */
        from: isoDate.optional(),
        /** First day it no longer applies. */
        until: isoDate.optional(),
        sections: cautionSections,
      })
      .strict(),
  ])
  .transform((note) => (typeof note === "string" ? { text: note } : note))
  .refine((note) => !note.from || !note.until || note.from < note.until, {
    message: "until must be after from",
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
    /** Why the code may be wrong (not found in the national database, taken from a local list…); the card says it is unconfirmed. */
    codeUnverified: z.string().trim().min(1).optional(),
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
    unverified: z.array(unverifiedSchema).default([]),
    notes: z.array(noteSchema).default([]),
  })
  .strict()
  .refine((procedure) => !isLocalCode(procedure.code) || procedure.codeUnverified !== undefined, {
    message: "a LOCAL- code needs codeUnverified saying why the national code is not given",
    path: ["codeUnverified"],
  });

/** One opening period of the desk, "07:30-11:30" (Vietnam time). */
export const openingPeriodSchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'write a period as "07:30-11:30" (24-hour clock)')
  .refine((period) => period.slice(0, 5) < period.slice(6), "a period must close after it opens");

/**
 * The desk's opening hours as data, beside the free-text `hours` lines shown to citizens: the
 * bot uses it to say whether the desk is open now and when a question to staff will be read.
 * Public holidays come from holidays.yaml; an official make-up working day keeps `weekdays` hours.
 */
export const officeScheduleSchema = z
  .object({
    weekdays: z.array(openingPeriodSchema).min(1, 'list the Monday-Friday periods, e.g. ["07:30-11:30", "13:30-17:00"]'),
    saturday: z.array(openingPeriodSchema).default([]),
    sunday: z.array(openingPeriodSchema).default([]),
  })
  .strict();

/** A village or residential group (thôn, tổ dân phố) residents may pick for announcements. */
export const villageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use a short id of lowercase letters, digits and "-", e.g. "thon-dong"'),
    name: nonEmpty('the name residents know, e.g. "Thôn Đông"'),
  })
  .strict();

export const officeSchema = z
  .object({
    name: nonEmpty("the desk's name, e.g. Bộ phận Một cửa UBND xã ..."),
    commune: nonEmpty("the commune name"),
    province: nonEmpty("the province name, used to pick provincial fees"),
    address: nonEmpty("the street address of the desk"),
    hours: z.array(z.string()).min(1, "list the opening hours"),
    /** Structured opening hours (optional): without it the bot cannot tell whether the desk is open. */
    schedule: officeScheduleSchema.optional(),
    phone: nonEmpty("a phone number citizens can call"),
    email: z.string().optional(),
    onlinePortal: z.string().url("use a full https:// address"),
    sample: z.boolean().default(false),
    note: z.string().optional(),
    /** Villages and residential groups, for announcements aimed at some of them (optional). */
    villages: z
      .array(villageSchema)
      .refine((villages) => new Set(villages.map((village) => village.id)).size === villages.length, "each village id must be listed once")
      .optional(),
  })
  .strict();

/**
 * Provincial fee tables (content/fees/<province>.yaml). A provincial people's council (HĐND)
 * sets many fees by resolution; the table records each resolution and the amounts it sets, so
 * changing province or resolution is a data change. The office profile's province picks the
 * table used on cards.
 */
export const resolutionSchema = z
  .object({
    /** A short key the fee rows refer to, e.g. hp-le-phi-ho-tich. */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "id uses lowercase ASCII words joined by dashes, e.g. hp-le-phi-ho-tich"),
    /** The resolution's number as printed, e.g. "17/2025/NQ-HĐND". */
    number: z.string().trim().min(1).optional(),
    title: nonEmpty("write what the resolution is about"),
    /** The day it takes effect (YYYY-MM-DD). */
    effective: isoDate.optional(),
    /** The day it stops applying, when a later resolution replaces it. */
    until: isoDate.optional(),
    /** What is not confirmed about it; required while the number or effective date is missing. */
    unverified: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((resolution) => (resolution.number !== undefined && resolution.effective !== undefined) || resolution.unverified !== undefined, {
    message: "give the resolution's number and effective date, or say in unverified what is not known",
    path: ["number"],
  })
  .refine((resolution) => !resolution.effective || !resolution.until || resolution.effective < resolution.until, {
    message: "until must be after effective",
    path: ["until"],
  });

export const provincialFeeSchema = z
  .object({
    /** The procedure's code, as in its file. */
    code: procedureCodeSchema,
    /** What is charged when a procedure has several amounts ("Phí thẩm định hồ sơ"); default: the fee. */
    label: z.string().trim().min(1).optional(),
    /** Amount in VND; 0 means free. */
    amount: z.number({ error: "amount is a number of đồng, e.g. 5000" }).int().min(0),
    /** What one amount covers, e.g. "trường hợp", "bản". */
    per: z.string().trim().min(1).optional(),
    /** The id of the resolution (in this file) that sets the amount. */
    resolution: nonEmpty("say which resolution sets it (its id in this file)"),
    note: z.string().optional(),
  })
  .strict();

/** A reduction for dossiers filed online (often free, sometimes a percentage). */
export const onlineReductionSchema = z
  .object({
    codes: z.array(procedureCodeSchema).optional(),
    topics: z.array(topicSchema).optional(),
    /** 100 means free when filed online; 50 means half. */
    reductionPercent: z.number().int().min(1, "reductionPercent is 1 to 100").max(100, "reductionPercent is 1 to 100"),
    resolution: nonEmpty("say which resolution grants it (its id in this file)"),
    note: z.string().optional(),
  })
  .strict()
  .refine((reduction) => (reduction.codes?.length ?? 0) + (reduction.topics?.length ?? 0) > 0, {
    message: "list the procedure codes or topics the reduction applies to",
    path: ["codes"],
  });

export const feeTableSchema = z
  .object({
    /** The province's name exactly as office.yaml writes it (case and diacritics are ignored). */
    province: nonEmpty("the province this table belongs to, as in office.yaml"),
    resolutions: z.array(resolutionSchema).min(1, "list the resolutions that set these fees"),
    fees: z.array(provincialFeeSchema).default([]),
    onlineFiling: z.array(onlineReductionSchema).default([]),
  })
  .strict();

/** Places people ask about that this desk does not handle, with where to go instead. */
export const redirectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  phrases: z.array(z.string()).min(1),
  answer: nonEmpty("say where to go instead"),
});

/**
 * Foreign countries and peoples, all read as `means` ("yếu tố nước ngoài"). `names` stand on
 * their own ("hàn quốc", "việt kiều"); `short` names are also everyday words ("nhật" in "sinh
 * nhật", "pháp" in "pháp lý") and count only after one of the `after` words ("bên nhật",
 * "người pháp"). Every name also counts after those words ("người hàn quốc"), and after a
 * `describes` word, which is kept in the search ("tiếng nhật").
 */
const foreignSchema = z
  .object({
    means: z.string().trim().min(1),
    names: z.array(z.string().trim().min(1)).default([]),
    short: z.array(z.string().trim().min(1)).default([]),
    after: z.array(z.string().trim().min(1)).default([]),
    /**
     * Words that point abroad and still mean something themselves ("tiếng Nhật", "trường bên Anh",
     * "đại học Hàn"): like `after`, but the word stays in the search beside "yếu tố nước ngoài".
     */
    describes: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const synonymsSchema = z
  .object({
    /** Short forms expanded before searching: "gks" → "giấy khai sinh". */
    abbreviations: z.record(z.string(), z.string()).default({}),
    /** Everyday wording mapped to catalog wording: "sổ đỏ" → "giấy chứng nhận quyền sử dụng đất". */
    phrases: z.record(z.string(), z.string()).default({}),
    /** Words that carry no meaning for search ("cho", "tôi", "muốn"). */
    stopwords: z.array(z.string()).default([]),
    outOfScope: z.array(redirectSchema).default([]),
    foreign: foreignSchema.optional(),
  })
  .strict();

export type ProcedureDocument = z.infer<typeof documentSchema>;
export type Note = z.infer<typeof noteSchema>;
export type Resolution = z.infer<typeof resolutionSchema>;
export type FeeTable = z.infer<typeof feeTableSchema>;

/** A provincial amount as it applies to one procedure, with the resolution that sets it. */
export interface ProvincialFee {
  label?: string;
  amount: number;
  per?: string;
  note?: string;
  resolution: Resolution;
}

/** An online-filing reduction as it applies to one procedure. */
export interface OnlineReduction {
  reductionPercent: number;
  note?: string;
  resolution: Resolution;
}

/** The office province's fees for one procedure, attached when the catalog is loaded. */
export interface ProvincialFees {
  province: string;
  fees: ProvincialFee[];
  online: OnlineReduction[];
}

export type Procedure = z.infer<typeof procedureSchema> & {
  /** From the office province's fee table; never written in a procedure file. */
  provincialFees?: ProvincialFees;
};
export type Office = z.infer<typeof officeSchema>;
export type Village = z.infer<typeof villageSchema>;
export type OfficeSchedule = z.infer<typeof officeScheduleSchema>;
export type Synonyms = z.infer<typeof synonymsSchema>;
export type Redirect = z.infer<typeof redirectSchema>;
export type Topic = z.infer<typeof topicSchema>;

export interface Catalog {
  procedures: Procedure[];
  office: Office;
  synonyms: Synonyms;
  /** Section cues, markers and regional spellings from content/lexicon/; empty when missing. */
  lexicon?: Lexicon;
  /** Every province's fee table found in content/fees/. */
  feeTables: FeeTable[];
  /** The table of the office's province, or null when there is none. */
  feeTable: FeeTable | null;
  /** Poster short codes ("TT 12"), from short-codes.yaml; empty when the file is missing. */
  shortCodes: ShortCodes;
}
