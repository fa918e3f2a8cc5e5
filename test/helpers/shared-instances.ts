import { randomBytes } from "node:crypto";
import { startFakeTelegram, type FakeTelegram } from "../fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "../fakes/telegram-stack.js";
import { dropSchema, TEST_DATABASE_URL } from "./records.js";

/**
 * Instances of one bot behind a load balancer: each a whole Telegram stack (webhook), all on
 * one fake Bot API and one fresh PostgreSQL schema, and on one Redis namespace when given.
 */
export interface SharedInstances {
  fake: FakeTelegram;
  /** The running instances, in start order; stop() takes one out. */
  stacks: TelegramStack[];
  /** Stops one instance, as when its server goes down; the others keep running. */
  stop(stack: TelegramStack): Promise<void>;
  /** Stops every instance and the fake, and drops the schema. */
  close(): Promise<void>;
}

export async function startSharedInstances(options: { redisUrl?: string; env?: Record<string, string>; count?: number } = {}): Promise<SharedInstances> {
  const fake = await startFakeTelegram();
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const stacks: TelegramStack[] = [];
  const close = async () => {
    for (const stack of stacks.splice(0)) await stack.close();
    await fake.close();
    await dropSchema(schema);
  };
  try {
    for (let index = 0; index < (options.count ?? 2); index++) {
      stacks.push(
        await startTelegramStack({
          mode: "webhook",
          fake,
          databaseUrl: TEST_DATABASE_URL,
          databaseSchema: schema,
          ...(options.redisUrl ? { redisUrl: options.redisUrl, redisNamespace: `shared-${schema}` } : {}),
          instanceId: `instance-${String.fromCharCode(97 + index)}`,
          env: options.env,
        }),
      );
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return {
    fake,
    stacks,
    async stop(stack) {
      stacks.splice(stacks.indexOf(stack), 1);
      await stack.close();
    },
    close,
  };
}
