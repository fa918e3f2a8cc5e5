import { setTimeout as sleep } from "node:timers/promises";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, type Bot, type Transformer } from "grammy";
import type { ChannelDeps } from "../runtime.js";
import { describeError } from "./errors.js";

/**
 * Long polling with @grammyjs/runner: updates are handled concurrently (the bot's sequential
 * middleware keeps one chat's in order). The runner retries getUpdates by itself and gives up
 * only on a revoked token or a conflict with another instance; then polling is tried again
 * later instead of ending the process. Health follows getUpdates, and only changes of state
 * are logged, so an outage is two log lines, not one per retry.
 */

/** What the channel shows on /healthz. */
export interface ChannelStatus {
  ok: boolean;
  detail: string;
}

export interface PollerOptions extends Pick<ChannelDeps, "logger" | "metrics"> {
  timeoutSeconds: number;
  allowedUpdates: readonly ("message" | "callback_query" | "my_chat_member")[];
  report(status: ChannelStatus): void;
}

/** Pause before polling is started again after it stopped on an error it cannot retry. */
const RESTART_MS = 30_000;
/** Pause between getUpdates attempts while Telegram is unreachable. */
const RETRY_MS = 1_000;

export class Poller {
  private runner: RunnerHandle | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private healthy = false;
  private stopped = false;

  constructor(
    private readonly bot: Bot,
    private readonly options: PollerOptions,
  ) {
    bot.api.config.use(this.watch());
  }

  start(): void {
    if (this.stopped) return;
    const runner = run(this.bot, {
      runner: {
        fetch: { timeout: this.options.timeoutSeconds, allowed_updates: [...this.options.allowedUpdates] },
        // Failures are logged by `watch` instead: the runner's own output can include the URL.
        silent: true,
        maxRetryTime: Number.POSITIVE_INFINITY,
        retryInterval: RETRY_MS,
      },
    });
    this.runner = runner;
    this.set(true, "polling");
    runner.task()?.catch((error: unknown) => this.crashed(error));
  }

  /** Stops fetching and waits, until `deadline`, for updates being handled to finish. */
  async stop(deadline: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const runner = this.runner;
    if (!runner) return;
    const left = () => Math.max(0, deadline - Date.now());
    // The runner's stop resolves once its fetch loop ends, possibly after a retry pause;
    // updates still being handled are counted by its sink.
    await Promise.race([Promise.resolve(runner.stop()).catch(() => undefined), sleep(left(), undefined, { ref: false })]);
    while (runner.size() > 0 && left() > 0) await sleep(20);
  }

  private crashed(error: unknown): void {
    if (this.stopped) return;
    const conflict = error instanceof GrammyError && error.error_code === 409;
    this.options.logger.error(
      { err: describeError(error) },
      conflict
        ? "telegram polling conflict: another copy of the bot is running with this token, or a webhook was set; stop the other one"
        : "telegram polling stopped; trying again shortly",
    );
    this.options.metrics.errors.inc({ channel: "telegram", kind: "polling" });
    this.set(false, `polling stopped: ${describeError(error).message}`);
    this.restartTimer = setTimeout(() => this.start(), RESTART_MS);
  }

  /** An API transformer that sees every getUpdates outcome. */
  private watch(): Transformer {
    return async (prev, method, payload, signal) => {
      if (method !== "getUpdates") return prev(method, payload, signal);
      try {
        const result = await prev(method, payload, signal);
        this.observe(result.ok ? null : result.description);
        return result;
      } catch (error) {
        // An aborted poll is our own stop, not a failure.
        if (!signal?.aborted) this.observe(describeError(error).message);
        throw error;
      }
    };
  }

  private observe(problem: string | null): void {
    if (this.stopped) return;
    if (problem === null) {
      if (!this.healthy) this.options.logger.info("telegram polling works again");
      this.set(true, "polling");
      return;
    }
    if (this.healthy) this.options.logger.warn({ problem }, "telegram getUpdates failing; retrying");
    this.set(false, `polling: ${problem}`);
  }

  private set(ok: boolean, detail: string): void {
    this.healthy = ok;
    this.options.report({ ok, detail });
  }
}
