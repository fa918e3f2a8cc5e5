import type { Intake, MessengerName } from "../delivery/types.js";
import type { Logger } from "../logger.js";
import { safeError } from "../logging/safe-error.js";
import type { Route } from "./server.js";
import { secretMatches } from "./secret.js";

/**
 * The one webhook route, shared by every channel. The secret header is compared in constant
 * time before the body is read; a well-formed update is stored durably before the answer, so
 * "200" always means "kept": 503 while stopping or while the records store is unreachable
 * makes the platform deliver again later, to this instance after a restart or to another one.
 */
export interface WebhookRouteOptions<Update> {
  channel: MessengerName;
  path: string;
  /** Lower-case header name the platform puts the secret in. */
  secretHeader: string;
  secret: string;
  /** The body as an update, or null when it is not one (answered 400). */
  parse(body: Buffer): Update | null;
  /** What a 400 says, so whoever sends malformed bodies can fix them. */
  badBodyHelp: string;
  intake: Intake;
  logger: Logger;
}

export function webhookRoute<Update>(options: WebhookRouteOptions<Update>): Route {
  return {
    method: "POST",
    path: options.path,
    authorize: (headers) =>
      secretMatches(headers[options.secretHeader], options.secret) ? null : { status: 401, body: `wrong or missing ${options.secretHeader}` },
    async handle(request) {
      const update = options.parse(request.body);
      if (update === null) return { status: 400, body: options.badBodyHelp };
      if (!options.intake.accepting()) return { status: 503, body: "stopping; deliver later" };
      try {
        await options.intake.ingest(options.channel, [update]);
        return { status: 200, body: "" };
      } catch (error) {
        options.logger.warn({ err: safeError(error), channel: options.channel }, "webhook update not stored; the platform will deliver it again");
        return { status: 503, body: "cannot store the update now; deliver later" };
      }
    },
  };
}
