import { describe, expect, it } from "vitest";
import { isOtherSchemaGone } from "../src/records/database.js";

// Kysely's migrator reads every schema of the database; another schema dropped meanwhile (a
// parallel test, another commune) must not fail our migration, while our own errors still do.
describe("migration retry on someone else's schema going away", () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it("retries when another schema, table or column vanished during introspection", () => {
    expect(isOtherSchemaGone(pgError("3F000", 'schema "t_other" does not exist'), "t_ours")).toBe(true);
    expect(isOtherSchemaGone(pgError("42P01", 'relation "t_other.chats" does not exist'), "t_ours")).toBe(true);
    expect(isOtherSchemaGone(pgError("XX000", "cache lookup failed for namespace 349616"), "t_ours")).toBe(true);
    expect(isOtherSchemaGone(pgError("XX000", "cache lookup failed for relation 1234"), undefined)).toBe(true);
  });

  it("does not retry our own missing schema or any other failure", () => {
    expect(isOtherSchemaGone(pgError("3F000", 'schema "t_ours" does not exist'), "t_ours")).toBe(false);
    expect(isOtherSchemaGone(pgError("XX000", "could not write block"), "t_ours")).toBe(false);
    expect(isOtherSchemaGone(pgError("23505", "duplicate key value"), "t_ours")).toBe(false);
    expect(isOtherSchemaGone(new Error("connection refused"), "t_ours")).toBe(false);
  });
});
