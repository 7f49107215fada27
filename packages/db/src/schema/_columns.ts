import { customType, text, timestamp } from "drizzle-orm/pg-core";
import { newId, type IdPrefix } from "../ids";

/** A text primary key with a readable prefix, e.g. `ws_01jc...`. */
export const id = (prefix: IdPrefix) =>
  text()
    .primaryKey()
    .$defaultFn(() => newId(prefix));

/** Every tenant table starts with this column; it leads every index and unique constraint. */
export const workspaceId = () => text().notNull();

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date()),
};

/** Raw bytes (PostgreSQL bytea); both drivers hand them over as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
