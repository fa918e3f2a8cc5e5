import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Readable } from "node:stream";

/**
 * `npm start` as a real child process (src/main.ts through tsx), for tests that kill it: its logs,
 * a way to wait for a line, and its exit.
 */
export interface BotProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  logs(): string;
  waitForLog(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export function startBotProcess(env: Record<string, string>): BotProcess {
  // node itself with tsx as a loader: the tsx command would add a parent process, and a
  // SIGKILL sent to that parent would leave the bot itself running.
  const child = spawn(process.execPath, ["--import", "tsx", join("src", "main.ts")], {
    env: { ...process.env, LOG_LEVEL: "info", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  child.stderr.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    logs: () => logs,
    exited,
    async waitForLog(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === "string" ? logs.includes(text) : text.test(logs));
      while (!found()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`"${String(text)}" not logged; logs so far:\n${logs}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
