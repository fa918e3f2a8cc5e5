import { GrammyError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Intake } from "../../delivery/types.js";
import type { Logger } from "../../logger.js";
import { safeError } from "../../logging/safe-error.js";
import { backoffDelay } from "../../util/backoff.js";
import { pause } from "../../util/timeout.js";
import { grammySignal } from "./startup.js";

/**
 * Long polling that never confirms what it has not stored: a batch from getUpdates is written
 * to the inbox first, and only then does the next getUpdates (with the higher offset) tell
 * Telegram the batch arrived. If the store is down the batch is held and retried; if the
 * process dies, Telegram delivers the batch again and the inbox drops what it already has.
 * Health follows getUpdates, and only changes of state are logged.
 */

/** What the channel shows on /healthz. */
export interface ChannelStatus {
  ok: boolean;
  detail: string;
}

export interface PollerOptions {
  bot: Bot;
  intake: Intake;
  logger: Logger;
  timeoutSeconds: number;
  allowedUpdates: readonly ("message" | "callback_query" | "my_chat_member")[];
  report(status: ChannelStatus): void;
}

const RETRY = { baseMs: 1_000, maxMs: 30_000, jitter: 0.2 };
/** A conflict (another instance polling, or a webhook) will not clear up in a second. */
const CONFLICT_WAIT_MS = 30_000;

export class Poller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private healthy: boolean | undefined;

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    if (this.loop) return;
    this.set(true, "polling");
    this.loop = this.run();
  }

  /** Stops at once: an unconfirmed batch is delivered again next time. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    let offset: number | undefined;
    let failures = 0;
    while (!signal.aborted && this.options.intake.accepting()) {
      let updates: Update[];
      try {
        updates = await this.fetch(offset);
        this.set(true, "polling");
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        this.failed(error);
        const conflict = error instanceof GrammyError && error.error_code === 409;
        await pause(conflict ? CONFLICT_WAIT_MS : backoffDelay(failures, RETRY), signal);
        continue;
      }
      if (updates.length === 0) continue;
      if (!(await this.store(updates))) return;
      offset = updates.at(-1)!.update_id + 1;
    }
  }

  private fetch(offset: number | undefined): Promise<Update[]> {
    const { bot, timeoutSeconds, allowedUpdates } = this.options;
    return bot.api.getUpdates(
      { ...(offset !== undefined ? { offset } : {}), timeout: timeoutSeconds, allowed_updates: [...allowedUpdates] },
      grammySignal(this.abort.signal),
    );
  }

  /** Stores a batch, retrying while the store is down; false if stopped before it was stored. */
  private async store(updates: Update[]): Promise<boolean> {
    for (let failures = 1; ; failures++) {
      try {
        await this.options.intake.ingest("telegram", updates);
        return true;
      } catch (error) {
        if (failures === 1) this.options.logger.warn({ err: safeError(error) }, "telegram updates not stored yet; holding them and retrying");
        if (this.abort.signal.aborted) return false;
        await pause(backoffDelay(failures, RETRY), this.abort.signal);
      }
    }
  }

  private failed(error: unknown): void {
    const conflict = error instanceof GrammyError && error.error_code === 409;
    const message = conflict
      ? "telegram polling conflict: another copy of the bot is running with this token, or a webhook is set; stop the other one"
      : "telegram getUpdates failing; retrying";
    if (this.healthy !== false) this.options.logger.warn({ err: safeError(error) }, message);
    this.set(false, `polling: ${safeError(error).message}`);
  }

  private set(ok: boolean, detail: string): void {
    if (ok && this.healthy === false) this.options.logger.info("telegram polling works again");
    this.healthy = ok;
    this.options.report({ ok, detail });
  }
}
