/**
 * Zod schemas for what the Zalo Bot Platform sends us. Sources (SDKs, integration code, doc
 * copies) disagree on details, so the schemas are lenient where it costs nothing: unknown extra
 * fields pass through, `null` counts as absent, ids may be numbers, dates may be numeric strings.
 */
import { z } from "zod";

/** `null` is treated as "absent": APIs written in other languages often send it for empty fields. */
function dropNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** An object schema that ignores `null` fields and keeps unknown extras. */
function lenientObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(dropNulls, z.looseObject(shape));
}

/** Ids are strings in the docs; numbers are accepted and turned into strings so equality works. */
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

/** Epoch milliseconds; some copies of the docs show a numeric string. */
const epochMsSchema = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** The envelope around every answer: `ok` decides, even when HTTP says 200. */
export const envelopeSchema = lenientObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  error_code: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});
/** The response envelope `{ ok, result?, description?, error_code? }`. */
export type Envelope = z.infer<typeof envelopeSchema>;

/** Result of `getMe`: only the id and name are needed to start, the rest is informative. */
export const botInfoSchema = lenientObject({
  id: idSchema,
  account_name: z.string(),
  account_type: z.string().optional(),
  can_join_groups: z.boolean().optional(),
});
/** The bot's own account, from `getMe`. */
export type BotInfo = z.infer<typeof botInfoSchema>;

/** Chat kinds the platform reports. */
export const chatTypeSchema = z.enum(["PRIVATE", "GROUP"]);
/** "PRIVATE" for a one-to-one chat, "GROUP" for a group that mentioned the bot. */
export type ChatType = z.infer<typeof chatTypeSchema>;

/** One incoming message. Content fields depend on the event; unsupported events carry none. */
export const messageSchema = lenientObject({
  /** Hex string; the only key for deduplication (there is no update id). */
  message_id: idSchema,
  /** Epoch milliseconds. */
  date: epochMsSchema,
  from: lenientObject({
    id: idSchema,
    display_name: z.string().optional(),
    is_bot: z.boolean().optional(),
  }),
  chat: lenientObject({
    id: idSchema,
    chat_type: chatTypeSchema,
  }),
  text: z.string().optional(),
  caption: z.string().optional(),
  /** Image URL as seen in practice; the docs call it `photo`. */
  photo_url: z.string().optional(),
  photo: z.string().optional(),
  sticker: z.string().optional(),
  voice_url: z.string().optional(),
  url: z.string().optional(),
});
/** An incoming message; reply to `chat.id`. */
export type Message = z.infer<typeof messageSchema>;

/** One event: `message.text.received`, `message.image.received`, `message.unsupported.received`, … */
export const updateSchema = lenientObject({
  event_name: z.string().min(1),
  message: messageSchema,
});
/** One update, as returned by `getUpdates` or POSTed to a webhook. */
export type Update = z.infer<typeof updateSchema>;

/** Webhook state; `url` is "" when no webhook is set. */
export const webhookInfoSchema = lenientObject({
  url: z.string().default(""),
  updated_at: z.union([z.number(), z.string()]).optional(),
});
/** Result of `getWebhookInfo`, `setWebhook` and `deleteWebhook`. */
export type WebhookInfo = z.infer<typeof webhookInfoSchema>;

/** Result of the send methods. */
export const sendResultSchema = lenientObject({
  message_id: idSchema,
  date: epochMsSchema,
});
/** The id and time (epoch ms) of a message the bot sent. */
export type SendResult = z.infer<typeof sendResultSchema>;

/** Webhook bodies have been seen wrapped like an API answer. */
const wrappedUpdateSchema = lenientObject({
  ok: z.literal(true),
  result: updateSchema,
});

/**
 * Read a webhook body (already JSON-parsed). Accepts the wrapped `{ ok: true, result: update }`
 * and the flat `{ event_name, message }` shapes; anything else gives `null` so the caller can
 * answer 2xx and ignore it (Zalo retries deliveries that fail).
 */
export function parseWebhookBody(body: unknown): Update | null {
  const flat = updateSchema.safeParse(body);
  if (flat.success) return flat.data;
  const wrapped = wrappedUpdateSchema.safeParse(body);
  return wrapped.success ? wrapped.data.result : null;
}
