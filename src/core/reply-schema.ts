import { z } from "zod";
import type { Reply } from "./types.js";

/**
 * A Reply as stored in the outbox and read back, possibly by another version of the bot:
 * validated on the way out so a damaged row is reported, never sent half-formed.
 */
export const replySchema: z.ZodType<Reply> = z.object({
  blocks: z.array(z.object({ title: z.string().optional(), lines: z.array(z.string()) })),
  choices: z.array(z.object({ label: z.string(), payload: z.string() })).optional(),
  choicesPrompt: z.string().optional(),
});

export const languageSchema = z.enum(["vi", "en"]);
