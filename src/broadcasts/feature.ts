import { formatVietnamDateTime } from "../calendar/vietnam-time.js";
import { outcome, type Turn } from "../core/context.js";
import type { Middleware } from "../core/middleware.js";
import type { Outcome, Reply } from "../core/types.js";
import type { AudienceFilter } from "../subscriptions/types.js";
import { parseVietnamDateTime } from "./quiet-hours.js";
import { TargetError, type Actor, type BroadcastService } from "./service.js";

/**
 * Staff announcements in the chat: /tb <text> writes a draft and shows the preview with the
 * recipient count; /tbsua aims it (thon=…, chude=…, thutuc=…); /tbgui sends or schedules it;
 * /tbhuy cancels; /tbxem shows progress. English aliases: /bc, /bcset, /bcsend, /bccancel,
 * /bcstatus. Only configured staff are obeyed; anyone else falls through to the catalog.
 */

const COMMAND = /^\/([a-z]{2,12})(?:@[a-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
const ID = /^#?(\d{1,12})(?:\s+([\s\S]*))?$/;

type Action = "draft" | "target" | "send" | "cancel" | "status";
const ACTIONS: Record<string, Action> = {
  tb: "draft", bc: "draft", thongbao: "draft", broadcast: "draft",
  tbsua: "target", bcset: "target",
  tbgui: "send", bcsend: "send",
  tbhuy: "cancel", bccancel: "cancel",
  tbxem: "status", bcstatus: "status",
};

export function broadcastFeature(service: BroadcastService): Middleware {
  return async (turn, next) => {
    const { incoming } = turn;
    const command = incoming.kind === "text" ? COMMAND.exec((incoming.text ?? "").trim()) : null;
    const action = command ? ACTIONS[(command[1] ?? "").toLowerCase()] : undefined;
    if (!command || !action) return next();
    if (!turn.staff) return say(turn, [texts(turn).notStaff]);
    const argument = (command[2] ?? "").trim();
    try {
      return await run(service, turn, action, argument);
    } catch (error) {
      if (error instanceof TargetError) return say(turn, [texts(turn).unknownTarget(error.kind, error.keys)]);
      throw error;
    }
  };
}

async function run(service: BroadcastService, turn: Turn, action: Action, argument: string): Promise<Outcome> {
  const t = texts(turn);
  const actor: Actor = { channel: turn.incoming.channel, userId: turn.incoming.userId };
  if (action === "draft") {
    if (argument === "") return say(turn, [t.emptyText, ...t.usage]);
    const campaign = await service.draft(actor, { text: argument }, "chat", { channel: turn.incoming.channel, chatId: turn.incoming.chatId });
    return campaign ? preview(service, turn, campaign.id) : say(turn, t.usage);
  }
  const parsed = ID.exec(argument);
  if (action === "status" && !parsed) return status(service, turn);
  if (!parsed) return say(turn, t.usage);
  const id = Number(parsed[1]);
  const rest = (parsed[2] ?? "").trim();
  switch (action) {
    case "target": {
      const changes = parseTarget(rest);
      if (!changes) return say(turn, t.usage);
      if (!(await service.retarget(actor, id, changes))) return notDraft(service, turn, id);
      return preview(service, turn, id);
    }
    case "send": {
      const at = rest === "" ? undefined : parseVietnamDateTime(rest);
      if (rest !== "" && at === undefined) return say(turn, [t.badTime(rest)]);
      const result = await service.send(actor, id, at);
      if (result.kind === "missing") return say(turn, [t.unknownCampaign(id)]);
      if (result.kind === "not-draft") return say(turn, [t.notDraft(id, t.states[result.campaign.state])]);
      return say(turn, [t.scheduled(id, formatVietnamDateTime(result.startAt), result.count, result.moved)]);
    }
    case "cancel": {
      const result = await service.cancel(actor, id);
      if (result.kind === "missing") return say(turn, [t.unknownCampaign(id)]);
      if (result.kind === "ended") return say(turn, [t.notCancellable(id, t.states[result.campaign.state])]);
      return say(turn, [t.cancelled(id, result.removed)]);
    }
    case "status": {
      const progress = await service.progress(id);
      return say(turn, [progress ? service.describe(progress, turn.language) : t.unknownCampaign(id)]);
    }
  }
  return say(turn, t.usage);
}

async function preview(service: BroadcastService, turn: Turn, id: number): Promise<Outcome> {
  const t = texts(turn);
  const campaign = await service.get(id);
  if (!campaign) return say(turn, [t.unknownCampaign(id)]);
  const count = await service.count(campaign);
  const target = t.target(campaign.filter.villages as string[], campaign.filter.topics as string[]) || t.everyone;
  const head: Reply = { blocks: [{ lines: [t.previewTitle(id)] }] };
  const tail: Reply = { blocks: [{ lines: [`${target}. ${t.recipients(count)}`, ...t.previewHelp(id)] }] };
  return outcome("broadcast", [head, service.preview(campaign, turn.language), tail], { language: turn.language });
}

async function notDraft(service: BroadcastService, turn: Turn, id: number): Promise<Outcome> {
  const t = texts(turn);
  const campaign = await service.get(id);
  return say(turn, [campaign ? t.notDraft(id, t.states[campaign.state]) : t.unknownCampaign(id)]);
}

async function status(service: BroadcastService, turn: Turn): Promise<Outcome> {
  const lines: string[] = [];
  for (const campaign of await service.recent()) {
    const progress = await service.progress(campaign.id);
    if (progress) lines.push(service.describe(progress, turn.language));
  }
  return say(turn, lines.length > 0 ? lines : [texts(turn).noCampaigns]);
}

/** "thon=a,b chude=civil-status thutuc=1.000894" → changes; "tatca"/"all" clears the target. */
export function parseTarget(text: string): { filter?: AudienceFilter; procedure?: string | null } | undefined {
  if (/^(tatca|tất cả|all)$/i.test(text)) return { filter: { villages: [], topics: [] } };
  const villages: string[] = [];
  const topics: string[] = [];
  let procedure: string | null | undefined;
  let any = false;
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const match = /^(thon|village|chude|topic|thutuc|procedure)=(.*)$/i.exec(part);
    if (!match) return undefined;
    any = true;
    const values = (match[2] ?? "").split(",").map((value) => value.trim()).filter(Boolean);
    const key = (match[1] ?? "").toLowerCase();
    if (key === "thon" || key === "village") villages.push(...values);
    else if (key === "chude" || key === "topic") topics.push(...values);
    else procedure = values[0] ?? null;
  }
  if (!any) return undefined;
  const touchesFilter = /(^|\s)(thon|village|chude|topic)=/i.test(text);
  return { ...(touchesFilter ? { filter: { villages, topics } } : {}), ...(procedure !== undefined ? { procedure } : {}) };
}

function texts(turn: Turn) {
  return turn.messages.broadcast;
}

function say(turn: Turn, lines: string[]): Outcome {
  return outcome("broadcast", [{ blocks: [{ lines }] }], { language: turn.language });
}
