import type { ChannelName } from "./types.js";

/**
 * Who counts as staff: the user ids configured per channel (STAFF_TELEGRAM_IDS,
 * STAFF_ZALO_IDS). Checked on the sender's user id, never the chat id, so a staff member
 * writing in a group does not make the group staff.
 */
export class StaffDirectory {
  private readonly ids: ReadonlyMap<ChannelName, ReadonlySet<string>>;

  constructor(ids: Partial<Record<ChannelName, readonly string[]>> = {}) {
    this.ids = new Map(Object.entries(ids).map(([channel, list]) => [channel as ChannelName, new Set(list)]));
  }

  isStaff(channel: ChannelName, userId: string): boolean {
    return this.ids.get(channel)?.has(userId) ?? false;
  }

  /** Every configured staff member, for messages addressed to all of them. */
  members(): Array<{ channel: ChannelName; userId: string }> {
    return [...this.ids].flatMap(([channel, set]) => [...set].map((userId) => ({ channel, userId })));
  }
}

/** "123, 456 ,789" → ["123", "456", "789"]. */
export function parseIdList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[,\s]+/)
    .map((id) => id.trim())
    .filter((id) => id !== "");
}
