// Ids the gateway generates: a type prefix and 16 lowercase hex characters
// (e.g. asg_3f9c0a7d1e2b4c58), valid keys under ^[a-z0-9][a-z0-9._:@+-]{0,127}$.
import { randomBytes } from "node:crypto";
import { badInput, conflict } from "../core/errors.js";

export function generateId(prefix: "asg" | "req" | "cfg"): string {
  return `${prefix}_${randomBytes(8).toString("hex")}`;
}

/** JSONObject inputs stored as given: a plain object, never an array or a scalar. */
export function checkJsonObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badInput(`${field.split(".").at(-1)} must be a JSON object`, field);
  }
  return value as Record<string, unknown>;
}

/**
 * A unique index caught a concurrent writer that passed the same existence
 * check: answer CONFLICT, as the check would have, instead of an internal error.
 */
export async function uniqueOrConflict<T>(work: Promise<T>, message: string, field?: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if ((e as { code?: unknown }).code === "P2002") throw conflict(message, field);
    throw e;
  }
}
