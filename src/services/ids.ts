// Small helpers of the services: ids (core/ids.ts), JSON inputs, unique-index races.
import { badInput, conflict } from "../core/errors.js";
export { generateId } from "../core/ids.js";

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
