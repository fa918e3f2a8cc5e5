import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Document, isMap, parseDocument } from "yaml";
import type { Procedure } from "./schema.js";
import { MAX_SHORT_CODE, missingShortCodes, SHORT_CODES_FILE, type ShortCodes } from "./short-codes.js";

const HEADER = [
  " Mã ngắn của thủ tục, in trên áp phích (ví dụ “Gửi: TT 12”). Người dân gửi mã này cho bot",
  " trên Zalo hoặc Telegram để mở đúng thủ tục.",
  " - Mã đã in thì KHÔNG đổi và KHÔNG dùng lại cho thủ tục khác.",
  " - Thủ tục mới: chạy `npm run content -- short-codes` để cấp số tiếp theo (mã cũ giữ nguyên).",
  " - Thủ tục bị bỏ: chuyển dòng của nó từ codes xuống retired (giữ số để không ai dùng lại).",
  " - Đổi id của thủ tục: sửa id ở đây, giữ nguyên số.",
].join("\n");

/**
 * Gives every procedure without a short code the next free number and writes
 * content/short-codes.yaml, keeping its comments and every existing line as they are.
 * Returns what was added (nothing when all procedures already have a code).
 */
export async function addMissingShortCodes(
  dir: string,
  procedures: readonly Procedure[],
  registry: ShortCodes,
): Promise<Array<{ number: number; procedure: Procedure }>> {
  const added = missingShortCodes(procedures, registry);
  if (added.length === 0) return added;
  const last = added[added.length - 1]!.number;
  if (last > MAX_SHORT_CODE) throw new Error(`short codes would pass ${MAX_SHORT_CODE}; retire unused numbers by hand first`);
  const path = join(dir, SHORT_CODES_FILE);
  const document = existsSync(path) ? parseDocument(await readFile(path, "utf8")) : newDocument();
  if (document.errors.length > 0) throw new Error(`${SHORT_CODES_FILE} is not valid YAML: ${document.errors[0]!.message}`);
  if (!isMap(document.get("codes"))) document.set("codes", document.createNode({}));
  const codes = document.get("codes");
  // "codes: {}" would otherwise grow as one long flow-style line.
  if (isMap(codes)) codes.flow = false;
  for (const { number, procedure } of added) document.setIn(["codes", number], procedure.id);
  await writeFile(path, document.toString({ lineWidth: 0 }), "utf8");
  return added;
}

function newDocument(): Document {
  const document = new Document({ codes: {}, retired: {} });
  document.commentBefore = HEADER;
  return document;
}
