import type { ColumnDefinitionBuilder, ColumnDataType } from "kysely";

export type SqlDialect = "sqlite" | "postgres";

type ColumnSpec = [name: string, type: ColumnDataType, build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder];

/** What a migration needs to know to write the same table for both dialects. */
export interface MigrationContext {
  dialect: SqlDialect;
  /** An auto-numbered primary key column named `id`. */
  idColumn(): ColumnSpec;
}

export function migrationContext(dialect: SqlDialect): MigrationContext {
  return {
    dialect,
    idColumn: () =>
      dialect === "postgres"
        ? ["id", "bigserial", (column) => column.primaryKey()]
        : ["id", "integer", (column) => column.primaryKey().autoIncrement()],
  };
}
