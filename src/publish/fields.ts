import type { Catalog, Procedure, Topic } from "../catalog/schema.js";
import { topicSchema } from "../catalog/schema.js";
import { messagesFor } from "../core/messages/index.js";

export interface Field {
  topic: Topic;
  /** "Hộ tịch" */
  title: string;
  /** "khai sinh, kết hôn, khai tử…", when the bot's topic label has one. */
  description?: string;
  /** Sorted by name as Vietnamese readers sort. */
  procedures: Procedure[];
}

/** A field's name from the bot's topic label: "Hộ tịch (khai sinh, kết hôn…)" → title and description. */
export function fieldOf(topic: Topic): Pick<Field, "topic" | "title" | "description"> {
  const label = messagesFor("vi").topics[topic];
  const [, title = label, description] = /^(.*?)\s*(?:\((.*)\))?$/.exec(label) ?? [];
  return { topic, title, description };
}

/**
 * The catalog by field (lĩnh vực), in the bot's topic order and with the bot's topic names, for
 * the index poster and the website's index. Fields without procedures are left out.
 */
export function fieldsOf(catalog: Pick<Catalog, "procedures">): Field[] {
  const collator = new Intl.Collator("vi");
  return topicSchema.options
    .map((topic) => ({
      ...fieldOf(topic),
      procedures: catalog.procedures.filter((procedure) => procedure.topic === topic).sort((a, b) => collator.compare(a.name, b.name)),
    }))
    .filter((field) => field.procedures.length > 0);
}
