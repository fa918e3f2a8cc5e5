/**
 * The one way an error reaches a log line. Messages of network errors can carry request URLs,
 * and bot tokens are part of those URLs (Telegram and Zalo both put `bot<token>` in the path);
 * database errors can carry connection strings with passwords. So only the name, a redacted
 * message, a code and a redacted cause chain go out, never the raw object.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  cause?: SafeError;
}

/** `<digits>:<secret>` is the shape of Telegram and Zalo bot tokens. */
const TOKEN = /\d{5,}:[A-Za-z0-9_-]{10,}/g;
/** `scheme://user:password@host`: keep the scheme and host, drop the credentials. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export function redactSecrets(text: string): string {
  return text.replace(TOKEN, "[token]").replace(URL_CREDENTIALS, "$1[credentials]@");
}

export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: typeof error === "string" ? redactSecrets(error) : "non-error thrown" };
  }
  const described: SafeError = { type: error.name, message: redactSecrets(error.message) };
  const code = codeOf(error);
  if (code !== undefined) described.code = code;
  if (depth < 3 && error.cause !== undefined) described.cause = safeError(error.cause, depth + 1);
  return described;
}

function codeOf(error: Error): string | number | undefined {
  for (const key of ["error_code", "errorCode", "code", "status"] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number") return value;
  }
  return undefined;
}
