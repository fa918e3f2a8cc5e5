import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { REGISTER_FIELDS, type RegisterField } from "./columns.js";
import { RegisterError } from "./errors.js";

/**
 * A mapping file (YAML or JSON) for an export whose headers the importer does not know:
 *
 *   columns:            # field: the header as written in the file
 *     code: "Số HS"
 *     status: "TT xử lý"
 *     dueAt: "Hạn trả"
 *   statuses:           # extra status wordings → national code 1-10
 *     "Chờ ký số": 4
 *   sheet: "Sổ theo dõi" # XLSX: the sheet to read (default: the first with a header)
 */
const mappingSchema = z.strictObject({
  columns: z.partialRecord(z.enum(REGISTER_FIELDS), z.string().trim().min(1)).default({}),
  statuses: z.record(z.string().trim().min(1), z.number().int().min(1).max(10)).default({}),
  sheet: z.string().trim().min(1).optional(),
});

export interface RegisterMapping {
  columns: Partial<Record<RegisterField, string>>;
  statuses: Record<string, number>;
  sheet?: string;
}

export async function readMapping(path: string): Promise<RegisterMapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new RegisterError(`the mapping file ${path} cannot be read`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new RegisterError(`the mapping file ${path} is not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = mappingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    throw new RegisterError(`the mapping file ${path} is invalid (fields: ${REGISTER_FIELDS.join(", ")}):\n- ${problems.join("\n- ")}`);
  }
  return parsed.data;
}
