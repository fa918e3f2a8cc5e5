import { pino, type Logger } from "pino";

/**
 * Structured logs on stderr (stdout belongs to the terminal chat and the ask tool). Paths
 * that could carry secrets or personal data are redacted as a second line of defence; the
 * first is not logging them at all.
 */
export function createLogger(level: string = "info"): Logger {
  return pino(
    {
      level,
      base: { app: "motcua-bot" },
      redact: {
        paths: ["token", "*.token", "secret", "*.secret", "text", "*.text", "headers.authorization", "url"],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}

export type { Logger };
